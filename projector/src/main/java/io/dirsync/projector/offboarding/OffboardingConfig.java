package io.dirsync.projector.offboarding;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The offboarding settings of {@code application.yml} ({@code dirsync.projector.offboarding.*}, env
 * {@code DIRSYNC_OFFBOARDING_APPS}, {@code DIRSYNC_OFFBOARDING_DEFAULT_SLA}), converted to {@link OffboardingSettings}
 * at the boundary; an invalid value stops the projector at startup with the reason.
 *
 * @param apps       declared apps, e.g. {@code billing,crm=30m}
 * @param defaultSla SLA of a declared app without its own, e.g. {@code 15m}
 */
@ConfigurationProperties("dirsync.projector.offboarding")
public record OffboardingConfig(@Nullable String apps, @Nullable String defaultSla) {

    public OffboardingSettings settings() {
        return OffboardingSettings.parse(apps, defaultSla);
    }
}
