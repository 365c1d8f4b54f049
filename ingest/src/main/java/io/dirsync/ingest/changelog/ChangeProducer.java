package io.dirsync.ingest.changelog;

import io.dirsync.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Producer of the change log: keyed by directoryId, acks=all, idempotent (see application.yml). */
@KafkaClient(id = "directory-changes", acks = KafkaClient.Acknowledge.ALL)
interface ChangeProducer {

    /** Completes when the broker acknowledged the record on all in-sync replicas. */
    @Topic(Topics.DIRECTORY_CHANGES)
    CompletableFuture<RecordMetadata> send(@KafkaKey String directoryId, byte[] change);
}
