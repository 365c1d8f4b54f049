package io.dirsync.ingest.workos;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * One WorkOS environment as configured under {@code dirsync.workos.environments.<name>.*}; converted into a
 * {@link WorkosSource} at the boundary (secrets resolved from values or files, then kept only as {@link Secret}).
 * Secrets are plain strings here only until {@link WorkosSources} converts them; this record is never logged.
 *
 * @param name               the environment's name: webhook path segment and source id {@code workos:<name>}
 * @param apiKey             WorkOS API key (Events API poller, reconcile)
 * @param apiKeyFile         a file holding the API key instead
 * @param webhookSecrets     comma-separated webhook signing secrets, every one valid (rotation)
 * @param webhookSecretsFile a file of webhook secrets, one per line
 * @param baseUrl            WorkOS API base URL (overridable for tests)
 * @param webhooks           whether webhook deliveries are accepted
 * @param poller             whether the Events API poller runs
 * @param tolerance          largest accepted |now - t| of a webhook signature
 * @param pollInterval       pause between polls once the poller caught up
 * @param rangeStart         ISO-8601 instant a new poller starts from (empty: from its first start)
 * @param maxBodyBytes       largest webhook body accepted
 * @param cursorWarnAge      warn when the cursor's last event is older than this (WorkOS keeps events ~30 days)
 * @param transactionalId    the poller's Kafka transactional.id (default {@code dirsync-workos-<name>})
 */
@EachProperty("dirsync.workos.environments")
public record WorkosEnvironmentProperties(
        @Parameter String name,
        @Nullable String apiKey,
        @Nullable String apiKeyFile,
        @Nullable String webhookSecrets,
        @Nullable String webhookSecretsFile,
        @Bindable(defaultValue = "https://api.workos.com") String baseUrl,
        @Bindable(defaultValue = "true") boolean webhooks,
        @Bindable(defaultValue = "false") boolean poller,
        @Bindable(defaultValue = "180s") Duration tolerance,
        @Bindable(defaultValue = "5s") Duration pollInterval,
        @Nullable String rangeStart,
        @Bindable(defaultValue = "524288") int maxBodyBytes,
        @Bindable(defaultValue = "25d") Duration cursorWarnAge,
        @Nullable String transactionalId) {

    @Override
    public String toString() {
        return "WorkosEnvironmentProperties[" + name + "]";
    }
}
