package io.dirsync.projector.cli;

import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.ContractJson;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.LifecycleEvent;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UndecodableRecordException;
import io.dirsync.schemas.UserLifecycle;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code dirsync tail <topic>}: prints the records of a dirsync topic as JSON lines, one per record,
 * decoded with the contract's schemas. Reads committed data only, like every downstream consumer.
 */
public final class Tail {

    private static final Map<String, Function<byte[], String>> DECODERS = Map.of(
            Topics.DIRECTORY_CHANGES, json(DirectoryChange.class),
            Topics.USER_LIFECYCLE, json(UserLifecycle.class),
            Topics.LIFECYCLE_EVENTS, json(LifecycleEvent.class),
            Topics.ACCESS_COMMANDS, json(AccessCommand.class),
            Topics.CHANGE_OUTCOMES, json(ChangeOutcome.class),
            Topics.ACCESS_ACKS, json(io.dirsync.schemas.AccessAck.class),
            Topics.SOURCE_CURSORS, json(io.dirsync.schemas.SourceCursor.class));

    private Tail() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String topic = null;
        boolean fromBeginning = false;
        Duration timeout = null;
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from-beginning" -> fromBeginning = true;
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--timeout")));
                case "--bootstrap-servers" -> bootstrap = value(args, ++i, "--bootstrap-servers");
                case "-h", "--help" -> {
                    out.println(usage());
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-") || topic != null) {
                        err.println("unknown argument: " + args[i] + "\n" + usage());
                        return 2;
                    }
                    topic = args[i];
                }
            }
        }
        if (topic == null) {
            err.println(usage());
            return 2;
        }
        String name = topic.startsWith("dirsync.") ? topic : "dirsync." + topic;
        if (Topics.all().stream().noneMatch(t -> t.name().equals(name))) {
            err.println("unknown topic " + topic + "; one of: "
                    + Topics.all().stream().map(Topics.Spec::name).toList());
            return 2;
        }
        try {
            tail(name, fromBeginning, timeout, bootstrap, out);
            return 0;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            err.println("dirsync tail: cannot reach Kafka at " + bootstrap + " (is ./dirsync dev running?)");
            return 1;
        }
    }

    private static void tail(String topic, boolean fromBeginning, Duration timeout, String bootstrap, PrintStream out) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "dirsync-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        Function<byte[], String> decoder = DECODERS.getOrDefault(topic, Tail::base64);
        Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(consumer::wakeup));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.println(line(record, decoder));
                }
                out.flush();
            }
        } catch (org.apache.kafka.common.errors.WakeupException stopped) {
            // Ctrl-C: exit quietly.
        }
    }

    static String line(ConsumerRecord<String, byte[]> record, Function<byte[], String> decoder) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"topic\":");
        ContractJson.writeString(out, record.topic());
        out.append(",\"partition\":").append(record.partition())
                .append(",\"offset\":").append(record.offset())
                .append(",\"timestamp\":");
        ContractJson.writeString(out, Instant.ofEpochMilli(record.timestamp()).toString());
        out.append(",\"key\":");
        if (record.key() == null) {
            out.append("null");
        } else {
            ContractJson.writeString(out, record.key());
        }
        if (record.headers().toArray().length > 0) {
            out.append(",\"headers\":{");
            boolean first = true;
            for (Header h : record.headers()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                ContractJson.writeString(out, h.key());
                out.append(':');
                ContractJson.writeString(out, h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
            out.append('}');
        }
        out.append(",\"value\":");
        if (record.value() == null) {
            out.append("null");
        } else {
            try {
                out.append(decoder.apply(record.value()));
            } catch (UndecodableRecordException e) {
                out.append(base64(record.value())).append(",\"error\":");
                ContractJson.writeString(out, e.getMessage());
            }
        }
        return out.append('}').toString();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> Function<byte[], String> json(Class<T> type) {
        AvroCodec<T> codec = AvroCodec.of(type);
        return bytes -> ContractJson.toJson(codec.decode(bytes));
    }

    private static String base64(byte[] bytes) {
        return "{\"base64\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    static String usage() {
        return """
                usage: dirsync tail <topic> [--from-beginning] [--timeout <seconds>] [--bootstrap-servers <host:port>]
                  Prints committed records of a dirsync topic as JSON lines, one per record.
                  <topic>: access-commands, lifecycle-events, user-lifecycle, directory-changes,
                           change-outcomes, dead-letters, source-cursors, access-acks (the dirsync. prefix is optional)
                  --from-beginning  start at the earliest record (default: only new records)
                  --timeout N       stop after N seconds (default: run until Ctrl-C)
                  env KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092)""";
    }
}
