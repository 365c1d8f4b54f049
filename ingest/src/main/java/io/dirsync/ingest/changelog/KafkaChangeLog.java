package io.dirsync.ingest.changelog;

import io.dirsync.ingest.BackendUnavailableException;
import io.dirsync.ingest.scim.ScimConfig;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.DirectoryChange;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link ChangeLog} on Kafka: produce with acks=all, then wait (bounded) for the matching outcome. */
@Singleton
@Requires(property = "dirsync.kafka.enabled", notEquals = "false")
final class KafkaChangeLog implements ChangeLog {

    private final ChangeProducer producer;
    private final OutcomeConsumer outcomes;
    private final Duration timeout;
    private final AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);

    KafkaChangeLog(ChangeProducer producer, OutcomeConsumer outcomes, ScimConfig config) {
        this.producer = producer;
        this.outcomes = outcomes;
        this.timeout = config.outcomeTimeout();
    }

    @Override
    public ChangeOutcome submit(DirectoryChange change) {
        String requestId = change.getRequestId();
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<ChangeOutcome> outcome = outcomes.expect(requestId);
        try {
            producer.send(change.getDirectoryId(), codec.encode(change)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return outcome.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("the change was not confirmed within " + timeout, e);
        } catch (ExecutionException e) {
            throw new BackendUnavailableException("the change log did not accept the change", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted", e);
        } finally {
            outcomes.forget(requestId);
        }
    }
}
