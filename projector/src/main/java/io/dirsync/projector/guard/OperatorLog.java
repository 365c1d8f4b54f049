package io.dirsync.projector.guard;

import io.dirsync.projector.ProjectorConfig;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends operator decisions to the change log. They go through the log like any other change, so the
 * fold applies them in order with the directory's other changes and a replay applies them again.
 */
@Singleton
public final class OperatorLog {

    private final ProjectorConfig config;
    private final AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);
    private KafkaProducer<String, byte[]> producer;

    OperatorLog(ProjectorConfig config) {
        this.config = config;
    }

    /** Appends the decision once the broker acknowledged it (acks=all) and returns its changeId. */
    public String append(String directoryId, Object payload) throws ExecutionException, InterruptedException,
            TimeoutException {
        String changeId = "operator-" + UUID.randomUUID();
        DirectoryChange change = DirectoryChange.newBuilder()
                .setChangeId(changeId)
                .setDirectoryId(directoryId)
                .setSource(ChangeSource.OPERATOR)
                .setReceivedAt(Instant.now())
                .setPayload(payload)
                .build();
        producer().send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, directoryId, codec.encode(change)))
                .get(15, TimeUnit.SECONDS);
        return changeId;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
