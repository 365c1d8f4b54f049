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
 * @param reactivateByExternalId comma-separated directory ids whose externalId is the IdP's immutable user id
 *                       (Okta's {@code 00u…}): there a POST whose userName is free reactivates the inactive user
 *                       with its externalId. Never for a directory whose IdP reuses externalIds (Entra's default
 *                       is the mailNickname, which a new hire can inherit).
 */
@ConfigurationProperties("dirsync.scim")
public record ScimConfig(
        @Nullable String tokens,
        @Nullable String tokensFile,
        @Bindable(defaultValue = "10s") Duration outcomeTimeout,
        @Nullable String reactivateByExternalId) {

    /** Whether {@code directoryId} is listed in {@link #reactivateByExternalId}. */
    public boolean reactivatesByExternalId(String directoryId) {
        if (reactivateByExternalId == null) {
            return false;
        }
        for (String listed : reactivateByExternalId.split(",")) {
            if (listed.trim().equals(directoryId)) {
                return true;
            }
        }
        return false;
    }
}
