package io.dirsync.kafkalocal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a persistent local Kafka for the developer run: {@code kafka ready bootstrap=...} on stdout once the
 * broker and the dirsync topics are up, then blocks until SIGTERM/SIGINT. Started again on the same data
 * directory it keeps topics and records.
 *
 * <pre>
 * java -cp kafka-local/target/classes:$(cat kafka-local/target/classpath.txt) io.dirsync.kafkalocal.Main \
 *      [--data-dir .dirsync/kafka] [--port 9092] [--brokers 1|3] [--partitions 6]
 * </pre>
 */
public final class Main {

    static final String USAGE = """
            Usage: io.dirsync.kafkalocal.Main [options]
              --data-dir <path>   persistent data directory (env DIRSYNC_KAFKA_DATA_DIR, default .dirsync/kafka)
              --port <n>          listener port of the first broker (env DIRSYNC_KAFKA_PORT, default 9092)
              --brokers 1|3       one combined node (default) or one controller plus three brokers
              --partitions <n>    partitions of each dirsync topic (env DIRSYNC_PARTITIONS, default 6)
              --help              print this and exit
            Prints "kafka ready bootstrap=<servers>" when ready; stops on SIGTERM/SIGINT.""";

    private Main() {
    }

    /** Parsed command line. */
    record Options(Path dataDir, int port, int brokers, int partitions, boolean help) {

        static Options parse(String[] args, Map<String, String> env) {
            Path dataDir = Path.of(env.getOrDefault("DIRSYNC_KAFKA_DATA_DIR", ".dirsync/kafka"));
            int port = parseInt("DIRSYNC_KAFKA_PORT", env.getOrDefault("DIRSYNC_KAFKA_PORT", "9092"));
            int brokers = 1;
            int partitions = parseInt("DIRSYNC_PARTITIONS", env.getOrDefault("DIRSYNC_PARTITIONS", "6"));
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "--help", "-h" -> help = true;
                    case "--data-dir" -> {
                        value = value != null ? value : next(args, ++i, name);
                        dataDir = Path.of(value);
                    }
                    case "--port" -> port = parseInt(name, value != null ? value : next(args, ++i, name));
                    case "--brokers" -> brokers = parseInt(name, value != null ? value : next(args, ++i, name));
                    case "--partitions" -> partitions = parseInt(name, value != null ? value : next(args, ++i, name));
                    default -> throw new IllegalArgumentException("Unknown argument: " + arg);
                }
            }
            if (brokers != 1 && brokers != 3) {
                throw new IllegalArgumentException("--brokers must be 1 or 3, was " + brokers);
            }
            if (port < 1 || port > 65535 - 2) {
                throw new IllegalArgumentException("--port out of range: " + port);
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be >= 1, was " + partitions);
            }
            return new Options(dataDir, port, brokers, partitions, help);
        }

        private static String next(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static int parseInt(String name, String value) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            return;
        }
        try {
            run(options, System.out);
        } catch (RuntimeException e) {
            // Kafka's threads are not daemons: exit explicitly so a failed start does not hang.
            System.err.println("kafka failed: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    static void run(Options options, PrintStream out) throws InterruptedException {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                .brokers(options.brokers())
                .dataDir(options.dataDir())
                .port(options.port())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } finally {
                stopped.countDown();
            }
        }, "dirsync-kafka-shutdown"));
        try {
            cluster.createDirsyncTopics(options.partitions());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        out.println("kafka ready bootstrap=" + cluster.bootstrapServers());
        out.flush();
        stopped.await();
    }
}
