package io.dirsync.client;

import io.dirsync.schemas.AccessAck;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AckOutcome;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UndecodableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer kit: reads {@code dirsync.access-commands} (read_committed) and hands each command to the app's
 * {@link CommandHandler} through its {@link CommandStore}, so that
 * <ul>
 *   <li>commands of one user are applied in log order (one partition per user key, one thread);</li>
 *   <li>a commandId takes effect at most once across crashes, redeliveries and projector replays (the store
 *       records it in the app's own transaction, with the consumer position);</li>
 *   <li>no command is skipped: the position (in the store, and committed to Kafka after the store's commit and
 *       the ack) never passes a command that was not applied;</li>
 *   <li>a handler that keeps failing parks that user's commands, not the partition: other users go on, the
 *       user is reported ({@link #parkedUsers()}, {@link ClientListener#parked}, a FAILED ack) and retried;</li>
 *   <li>every applied command is acknowledged on {@code dirsync.access-acks} (at least once: after a crash the
 *       commands the store had applied but Kafka had not committed are acknowledged again with their recorded
 *       outcome and time; a redelivered command beyond that, e.g. after a replay with {@code --reemit}, is skipped
 *       without a new ack).</li>
 * </ul>
 * Start with {@link #start()}, stop with {@link #close()}. The app state lives in the store: on start the kit
 * resumes from the store's positions (a partition it never saw is read from the beginning).
 *
 * @param <T> the store's transaction handle
 */
public final class DirsyncClient<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirsyncClient.class);

    /** Counters since start. */
    public record Stats(long applied, long duplicates, long failedAttempts, long acks, int parkedUsers) {
    }

    private final Builder<T> settings;
    private final String groupId;
    private final AvroCodec<AccessCommand> commands = AvroCodec.of(AccessCommand.class);
    private final AvroCodec<AccessAck> acks = AvroCodec.of(AccessAck.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Map<String, ParkedUser> parkedView = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean retryRequested = new AtomicBoolean();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private volatile Exception ackError;
    private volatile Exception failure;
    private Thread thread;

    private DirsyncClient(Builder<T> b) {
        this.settings = b;
        this.groupId = b.groupId != null ? b.groupId : "dirsync-app-" + b.appId;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-commands");
        // Only what the projector committed: an aborted transaction's commands never reach the app.
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        c.putAll(b.consumerProperties);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-acks");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putAll(b.producerProperties);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** A builder for an app applying commands through {@code store} with {@code handler}. */
    public static <T> Builder<T> builder(CommandStore<T> store, CommandHandler<T> handler) {
        return new Builder<>(store, handler);
    }

    /** Starts consuming on a thread of its own; returns this. */
    public synchronized DirsyncClient<T> start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "dirsync-client-" + settings.appId);
        thread.start();
        return this;
    }

    /** The consumer group this client commits offsets in (and keys its store positions by). */
    public String groupId() {
        return groupId;
    }

    /** Users whose commands are parked right now. */
    public List<ParkedUser> parkedUsers() {
        return List.copyOf(parkedView.values());
    }

    /** Asks the consumer thread to retry every parked user at once (e.g. after fixing what made them fail). */
    public void retryParked() {
        retryRequested.set(true);
    }

    public Stats stats() {
        return new Stats(applied.get(), duplicates.get(), failedAttempts.get(), acked.get(), parkedView.size());
    }

    /** Why the consumer thread stopped, if it stopped on its own; null while it runs. */
    public Exception failure() {
        return failure;
    }

    public boolean isRunning() {
        return running.get() && thread != null && thread.isAlive();
    }

    /** Stops consuming: commits what was applied, flushes acks, closes the Kafka clients. */
    @Override
    public void close() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
            if (!running.getAndSet(false) || t == null) {
                return;
            }
        }
        consumer.wakeup();
        t.join(Duration.ofSeconds(60).toMillis());
    }

    // ------------------------------------------------------------------ the consumer thread

    private void run() {
        try {
            consumer.subscribe(List.of(settings.commandsTopic), new Rebalance());
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(settings.pollTimeout)) {
                    handle(record);
                }
                retryParked(settings.clock.instant(), retryRequested.getAndSet(false));
                commit(false);
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (Exception e) {
            failure = e;
            LOG.error("dirsync client {} stopped", settings.appId, e);
        } finally {
            try {
                commit(true);
            } catch (RuntimeException e) {
                LOG.warn("final commit failed; the uncommitted commands are deduplicated on restart", e);
            }
            consumer.close(Duration.ofSeconds(10));
            producer.close(Duration.ofSeconds(10));
            running.set(false);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        PartitionState ps = partitions.get(new TopicPartition(record.topic(), record.partition()));
        if (ps == null || record.offset() < ps.next) {
            return;
        }
        ps.next = record.offset() + 1;
        String key = Objects.requireNonNullElse(record.key(), "");
        Parked parked = ps.parked.get(key);
        if (parked != null) {
            // Per-user order: everything after a parked command of this user waits behind it.
            parked.records.addLast(record);
            ps.parkedOffsets.add(record.offset());
            publish(ps, parked);
            return;
        }
        Failure failed = apply(ps, record, settings.maxAttempts);
        if (failed != null) {
            park(ps, key, record, failed);
        }
    }

    /** Applies one record through the store, retrying; null on success. */
    private Failure apply(PartitionState ps, ConsumerRecord<String, byte[]> record, int attempts) {
        AccessCommand command;
        try {
            command = commands.decode(record.value());
        } catch (UndecodableRecordException e) {
            failedAttempts.incrementAndGet();
            return new Failure(null, e.getMessage());
        }
        Exception last = null;
        for (int i = 1; i <= attempts; i++) {
            try {
                Position position = new Position(groupId, record.topic(), record.partition(),
                        ps.positionAfter(record.offset()));
                Applied result = settings.store.applyOnce(command, position, settings.clock.instant(), settings.handler);
                ps.parkedOffsets.remove(record.offset());
                (result.duplicate() ? duplicates : applied).incrementAndGet();
                if (!result.duplicate() || record.offset() < ps.recoveryEnd) {
                    ack(command, result.outcome(), result.appliedAt(), result.detail());
                }
                settings.listener.applied(command, result);
                return null;
            } catch (Exception e) {
                last = e;
                failedAttempts.incrementAndGet();
                if (i < attempts && !pause(settings.retryBackoff.multipliedBy(i))) {
                    break;
                }
            }
        }
        return new Failure(command, String.valueOf(last));
    }

    private void park(PartitionState ps, String key, ConsumerRecord<String, byte[]> record, Failure failure) {
        Instant now = settings.clock.instant();
        Parked parked = new Parked(key, failure.command == null ? null : failure.command.getCommandId(), now);
        parked.records.addLast(record);
        parked.attempts = failure.command == null ? 1 : settings.maxAttempts;
        parked.error = failure.error;
        parked.nextRetry = now.plus(settings.parkedRetryInterval);
        ps.parked.put(key, parked);
        ps.parkedOffsets.add(record.offset());
        LOG.warn("dirsync client {}: parked the commands of {} at {}/{}: {}", settings.appId, key, record.partition(),
                record.offset(), failure.error);
        if (failure.command != null) {
            ack(failure.command, AckOutcome.FAILED, now, "parked after " + parked.attempts + " attempts: " + failure.error);
        }
        settings.listener.parked(publish(ps, parked));
    }

    private void retryParked(Instant now, boolean force) {
        for (PartitionState ps : partitions.values()) {
            Iterator<Parked> it = ps.parked.values().iterator();
            while (it.hasNext()) {
                Parked parked = it.next();
                if (!force && parked.nextRetry.isAfter(now)) {
                    continue;
                }
                while (!parked.records.isEmpty()) {
                    Failure failed = apply(ps, parked.records.peekFirst(), 1);
                    if (failed != null) {
                        parked.attempts++;
                        parked.error = failed.error;
                        parked.commandId = failed.command == null ? null : failed.command.getCommandId();
                        parked.nextRetry = now.plus(settings.parkedRetryInterval);
                        settings.listener.parked(publish(ps, parked));
                        break;
                    }
                    parked.records.removeFirst();
                    parked.attempts = 0;
                }
                if (parked.records.isEmpty()) {
                    it.remove();
                    parkedView.remove(parked.key);
                    LOG.info("dirsync client {}: {} unparked", settings.appId, parked.key);
                    settings.listener.unparked(parked.key);
                }
            }
        }
    }

    private ParkedUser publish(PartitionState ps, Parked parked) {
        ConsumerRecord<String, byte[]> head = parked.records.peekFirst();
        ParkedUser view = new ParkedUser(parked.key, parked.commandId, ps.tp.partition(),
                head == null ? -1 : head.offset(), parked.records.size() - 1, parked.attempts, parked.error,
                parked.since);
        parkedView.put(parked.key, view);
        return view;
    }

    private void ack(AccessCommand command, AckOutcome outcome, Instant at, String detail) {
        AccessAck ack = AccessAck.newBuilder()
                .setAppId(settings.appId)
                .setDirectoryId(command.getDirectoryId())
                .setUserId(command.getUserId())
                .setCommandId(command.getCommandId())
                .setCommandType(command.getType())
                .setOutcome(outcome)
                .setAppliedAt(at)
                .setDetail(detail)
                .build();
        producer.send(new ProducerRecord<>(settings.acksTopic, Keys.user(command.getDirectoryId(), command.getUserId()),
                acks.encode(ack)), (meta, e) -> {
                    if (e != null) {
                        ackError = e;
                    } else {
                        acked.incrementAndGet();
                    }
                });
    }

    /** Commits every partition's low watermark, once the acks of what lies below it are on the broker. */
    private void commit(boolean closing) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState ps : partitions.values()) {
            long lw = ps.lowWatermark();
            if (lw != ps.committed) {
                offsets.put(ps.tp, new OffsetAndMetadata(lw));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        producer.flush();
        if (ackError != null) {
            Exception e = ackError;
            ackError = null;
            if (closing) {
                return;
            }
            LOG.warn("dirsync client {}: an ack could not be published ({}); re-reading from the last commit",
                    settings.appId, e.toString());
            rewind();
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, o) -> {
                PartitionState ps = partitions.get(tp);
                if (ps != null) {
                    ps.committed = o.offset();
                }
            });
        } catch (KafkaException e) {
            // A rebalance in flight: the store holds the truth, the next commit catches up.
            LOG.info("dirsync client {}: commit deferred: {}", settings.appId, e.toString());
        }
    }

    /** Re-reads every partition from its committed offset: what the store applied there is re-acknowledged. */
    private void rewind() {
        for (PartitionState ps : partitions.values()) {
            ps.recoveryEnd = Math.max(ps.recoveryEnd, ps.next);
            long from = ps.committed >= 0 ? ps.committed : ps.start;
            consumer.seek(ps.tp, from);
            ps.next = from;
            ps.parked.values().forEach(p -> parkedView.remove(p.key));
            ps.parked.clear();
            ps.parkedOffsets.clear();
        }
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            // Commit what is done before another member takes these partitions over.
            commit(true);
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            forget(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            Map<Integer, Long> stored;
            try {
                stored = settings.store.positions(groupId, settings.commandsTopic,
                        assigned.stream().map(TopicPartition::partition).toList());
            } catch (Exception e) {
                throw new KafkaException("cannot read the consumer positions from the command store", e);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(assigned);
            for (TopicPartition tp : assigned) {
                Long inStore = stored.get(tp.partition());
                OffsetAndMetadata inKafka = committed.get(tp);
                // The store is the truth; Kafka's commit may only be behind it (a crash between the two), and
                // reading from there re-acknowledges what the store applied.
                long start = inStore == null ? beginning.get(tp)
                        : inKafka == null ? inStore : Math.min(inStore, inKafka.offset());
                consumer.seek(tp, start);
                PartitionState ps = new PartitionState(tp, start, inKafka == null ? -1 : inKafka.offset(),
                        inStore == null ? start : inStore);
                partitions.put(tp, ps);
            }
            LOG.info("dirsync client {}: assigned {}", settings.appId, assigned);
        }

        private void forget(Collection<TopicPartition> gone) {
            for (TopicPartition tp : gone) {
                PartitionState ps = partitions.remove(tp);
                if (ps != null) {
                    ps.parked.values().forEach(p -> parkedView.remove(p.key));
                }
            }
        }
    }

    private record Failure(AccessCommand command, String error) {
    }

    private static final class Parked {
        final String key;
        final Deque<ConsumerRecord<String, byte[]>> records = new ArrayDeque<>();
        final Instant since;
        String commandId;
        int attempts;
        String error;
        Instant nextRetry;

        Parked(String key, String commandId, Instant since) {
            this.key = key;
            this.commandId = commandId;
            this.since = since;
        }
    }

    /** One assigned partition: how far it was read, what is parked in it, what was committed. */
    private static final class PartitionState {
        final TopicPartition tp;
        final long start;
        long next;
        long committed;
        /** Below this offset the store applied commands Kafka may not have seen acknowledged: re-ack duplicates. */
        long recoveryEnd;
        final Map<String, Parked> parked = new LinkedHashMap<>();
        final TreeSet<Long> parkedOffsets = new TreeSet<>();

        PartitionState(TopicPartition tp, long start, long committed, long recoveryEnd) {
            this.tp = tp;
            this.start = start;
            this.next = start;
            this.committed = committed;
            this.recoveryEnd = recoveryEnd;
        }

        long lowWatermark() {
            return parkedOffsets.isEmpty() ? next : Math.min(parkedOffsets.first(), next);
        }

        /** The low watermark once {@code offset} is done. */
        long positionAfter(long offset) {
            Long first = parkedOffsets.isEmpty() ? null : parkedOffsets.first();
            if (first != null && first == offset) {
                first = parkedOffsets.higher(offset);
            }
            return first == null ? next : Math.min(first, next);
        }
    }

    /**
     * Settings of a {@link DirsyncClient}. Required: {@link #bootstrapServers} and {@link #appId} (the id in acks;
     * the consumer group defaults to {@code dirsync-app-<appId>}).
     */
    public static final class Builder<T> {
        private final CommandStore<T> store;
        private final CommandHandler<T> handler;
        private String bootstrapServers;
        private String appId;
        private String groupId;
        private String commandsTopic = Topics.ACCESS_COMMANDS;
        private String acksTopic = Topics.ACCESS_ACKS;
        private int maxAttempts = 3;
        private Duration retryBackoff = Duration.ofMillis(100);
        private Duration parkedRetryInterval = Duration.ofSeconds(30);
        private Duration pollTimeout = Duration.ofMillis(100);
        private Clock clock = Clock.systemUTC();
        private ClientListener listener = new ClientListener() {
        };
        private final Map<String, Object> consumerProperties = new LinkedHashMap<>();
        private final Map<String, Object> producerProperties = new LinkedHashMap<>();

        private Builder(CommandStore<T> store, CommandHandler<T> handler) {
            this.store = Objects.requireNonNull(store, "store");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        public Builder<T> bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        public Builder<T> appId(String appId) {
            this.appId = appId;
            return this;
        }

        public Builder<T> groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder<T> commandsTopic(String topic) {
            this.commandsTopic = topic;
            return this;
        }

        public Builder<T> acksTopic(String topic) {
            this.acksTopic = topic;
            return this;
        }

        /** Handler attempts before a user is parked (default 3). */
        public Builder<T> maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Pause before the n-th retry is n times this (default 100 ms). */
        public Builder<T> retryBackoff(Duration backoff) {
            this.retryBackoff = backoff;
            return this;
        }

        /** How often a parked user is retried (default 30 s). */
        public Builder<T> parkedRetryInterval(Duration interval) {
            this.parkedRetryInterval = interval;
            return this;
        }

        public Builder<T> pollTimeout(Duration timeout) {
            this.pollTimeout = timeout;
            return this;
        }

        /** The clock of {@code appliedAt} in acks and of parking. */
        public Builder<T> clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder<T> listener(ClientListener listener) {
            this.listener = listener;
            return this;
        }

        /** Any further consumer setting (e.g. security), passed to Kafka unchanged. */
        public Builder<T> consumerProperty(String key, Object value) {
            consumerProperties.put(key, value);
            return this;
        }

        /** Any further producer setting for the acks, passed to Kafka unchanged. */
        public Builder<T> producerProperty(String key, Object value) {
            producerProperties.put(key, value);
            return this;
        }

        public DirsyncClient<T> build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalStateException("bootstrapServers is required");
            }
            if (appId == null || appId.isBlank()) {
                throw new IllegalStateException("appId is required");
            }
            return new DirsyncClient<>(this);
        }
    }
}
