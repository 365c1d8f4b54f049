package io.dirsync.ingest.scim;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * SCIM edge settings ({@code dirsync.scim.*}, env {@code DIRSYNC_SCIM_*}).
 *
 * @param tokens         comma-separated {@code directoryId:sha256hex} pairs: only hashes are configured
 * @param tokensFile     a file of such pairs, one per line (for secrets mounted as files)
 * @param outcomeTimeout how long a write waits for its outcome before 503
 */
@ConfigurationProperties("dirsync.scim")
public record ScimConfig(
        @Nullable String tokens,
        @Nullable String tokensFile,
        @Bindable(defaultValue = "10s") Duration outcomeTimeout) {
}
