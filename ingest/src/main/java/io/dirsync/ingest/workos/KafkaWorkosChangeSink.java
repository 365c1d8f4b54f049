package io.dirsync.ingest.workos;

import io.dirsync.ingest.BackendUnavailableException;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@link WorkosChangeSink} on the change log's own producer settings ({@code kafka.producers.directory-changes}:
 * acks=all, idempotent, bounded delivery timeout): records of one directory keep their order.
 */
@Singleton
@Requires(property = "dirsync.kafka.enabled", notEquals = "false")
final class KafkaWorkosChangeSink implements WorkosChangeSink {

    /** Above the producer's delivery.timeout.ms, so the producer's own verdict normally arrives first. */
    private static final long ACK_TIMEOUT_MS = 20_000;

    /** Declarative producer sharing the change log's configuration. */
    @KafkaClient(id = "directory-changes", acks = KafkaClient.Acknowledge.ALL)
    interface Producer {
        @Topic(Topics.DIRECTORY_CHANGES)
        CompletableFuture<RecordMetadata> send(@KafkaKey String directoryId, byte[] change);
    }

    private final Producer producer;
    private final AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);

    KafkaWorkosChangeSink(Producer producer) {
        this.producer = producer;
    }

    @Override
    public void append(List<DirectoryChange> changes) {
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
        try {
            for (DirectoryChange change : changes) {
                acks.add(producer.send(change.getDirectoryId(), codec.encode(change)));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("the broker did not acknowledge in time", e);
        } catch (ExecutionException e) {
            throw new BackendUnavailableException("the change log did not accept the change", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted", e);
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("the change log did not accept the change", e);
        }
    }
}
