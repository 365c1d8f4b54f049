package io.dirsync.client;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Bootstraps an app's user table from the compacted {@code dirsync.user-lifecycle} topic: {@link #readToEnd} delivers
 * every user's current state (a null value is a hard delete), then {@link #follow} keeps delivering later states on a
 * thread of its own. No consumer group: the topic is read whole every time, which is what a bootstrap is. Upsert by
 * {@code version} so that states and commands may arrive in either order.
 */
public final class UserLifecycleFeed implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroCodec<UserLifecycle> codec = AvroCodec.of(UserLifecycle.class);
    private final AtomicBoolean following = new AtomicBoolean();
    private Thread thread;

    public UserLifecycleFeed(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** With further consumer settings (e.g. security) passed to Kafka unchanged. */
    public UserLifecycleFeed(String bootstrapServers, Map<String, Object> consumerProperties) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putAll(consumerProperties);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Delivers every record from the beginning up to the end offsets as of this call (key {@code directoryId/userId},
     * value null for a deleted user); returns how many were delivered. Blocks until done.
     */
    public long readToEnd(BiConsumer<String, UserLifecycle> onUser) {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.USER_LIFECYCLE).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long delivered = 0;
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                onUser.accept(r.key(), r.value() == null ? null : codec.decode(r.value()));
                delivered++;
            }
        }
        return delivered;
    }

    /** After {@link #readToEnd}: delivers later records on a background thread until {@link #close()}. */
    public synchronized void follow(BiConsumer<String, UserLifecycle> onUser) {
        if (!following.compareAndSet(false, true)) {
            throw new IllegalStateException("already following");
        }
        thread = new Thread(() -> {
            try {
                while (following.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        onUser.accept(r.key(), r.value() == null ? null : codec.decode(r.value()));
                    }
                }
            } catch (WakeupException e) {
                // closing
            }
        }, "dirsync-user-lifecycle-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && following.getAndSet(false)) {
            consumer.wakeup();
            t.join(10_000);
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
