package io.dirsync.example;

import io.dirsync.client.Applied;
import io.dirsync.client.ClientListener;
import io.dirsync.client.DirsyncClient;
import io.dirsync.client.JdbcCommandStore;
import io.dirsync.client.ParkedUser;
import io.dirsync.client.UserLifecycleFeed;
import io.dirsync.schemas.AccessCommand;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference downstream app: keeps its own users table (and group access, sessions, API keys) in a SQL database in
 * step with dirsync through the consumer kit. The kit's {@link JdbcCommandStore} records each commandId and the
 * consumer position in the same transaction as the app's change, so a crash never applies a command twice or skips one.
 * Configured by the environment (see {@link Settings}); stops cleanly on SIGTERM.
 */
public final class ExampleApp {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleApp.class);

    /**
     * Settings from the environment.
     *
     * @param bootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS} (127.0.0.1:9092)
     * @param appId            {@code DIRSYNC_APP_ID} (example-app): the id in its acks, and its consumer group
     * @param jdbcUrl          {@code DIRSYNC_APP_JDBC_URL} (an H2 file under .dirsync/example-app)
     * @param bootstrap        {@code DIRSYNC_APP_BOOTSTRAP=true}: load users from dirsync.user-lifecycle first
     * @param instanceId       {@code DIRSYNC_APP_INSTANCE_ID} (appId-1): static group membership, so a restarted app
     *                         gets its partitions back at once instead of after the dead member's session timeout
     */
    public record Settings(String bootstrapServers, String appId, String jdbcUrl, String jdbcUser, String jdbcPassword,
                           boolean bootstrap, String instanceId) {

        /**
         * H2 in a file, with AUTO_SERVER so {@code ./dirsync example-app table} can read it while the app runs, and
         * WRITE_DELAY=0: H2 otherwise acknowledges a commit up to 500 ms before writing it, and a kill -9 in that
         * window would lose a change whose ack was already sent.
         */
        public static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./.dirsync/example-app/app;AUTO_SERVER=TRUE;WRITE_DELAY=0";

        public static Settings fromEnvironment(Map<String, String> env) {
            return new Settings(
                    env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                    env.getOrDefault("DIRSYNC_APP_ID", "example-app"),
                    env.getOrDefault("DIRSYNC_APP_JDBC_URL", DEFAULT_JDBC_URL),
                    env.getOrDefault("DIRSYNC_APP_JDBC_USER", "sa"),
                    env.getOrDefault("DIRSYNC_APP_JDBC_PASSWORD", ""),
                    Boolean.parseBoolean(env.getOrDefault("DIRSYNC_APP_BOOTSTRAP", "false")),
                    env.getOrDefault("DIRSYNC_APP_INSTANCE_ID", env.getOrDefault("DIRSYNC_APP_ID", "example-app") + "-1"));
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
        }
    }

    private ExampleApp() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment(System.getenv());
        UsersTable table = new UsersTable(Clock.systemUTC());
        try (Connection c = settings.connect()) {
            AppSchema.create(c);
            if (settings.bootstrap()) {
                bootstrap(settings, table, c);
            }
        }
        DirsyncClient<Connection> client = DirsyncClient.builder(new JdbcCommandStore(settings::connect), table)
                .bootstrapServers(settings.bootstrapServers())
                .appId(settings.appId())
                .listener(new LoggingListener())
                .consumerProperty("group.instance.id", settings.instanceId())
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "example-app-shutdown"));
        client.start();
        System.out.println("example-app ready: app id " + settings.appId() + ", database " + settings.jdbcUrl()
                + ", consumer group " + client.groupId());
        while (client.isRunning()) {
            // The kit's thread does the work; wake up now and then only to notice if it died.
            if (stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                return;
            }
        }
        if (client.failure() != null) {
            LOG.error("example-app stopped: {}", client.failure().toString());
            System.exit(1);
        }
    }

    private static void bootstrap(Settings settings, UsersTable table, Connection c) throws Exception {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (UserLifecycleFeed feed = new UserLifecycleFeed(settings.bootstrapServers())) {
            long n = feed.readToEnd((key, state) -> {
                if (state != null) {
                    try {
                        table.upsert(c, state);
                    } catch (SQLException e) {
                        throw new IllegalStateException("bootstrap of " + key + " failed", e);
                    }
                }
            });
            c.commit();
            LOG.info("example-app: bootstrapped from {} user-lifecycle records", n);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static final class LoggingListener implements ClientListener {
        @Override
        public void applied(AccessCommand command, Applied applied) {
            if (!applied.duplicate()) {
                LOG.info("applied {} {} -> {}{}", command.getType(), command.getCommandId(), applied.outcome(),
                        applied.detail() == null ? "" : " (" + applied.detail() + ")");
            }
        }

        @Override
        public void parked(ParkedUser user) {
            LOG.warn("parked {}: {}", user.userKey(), user.error());
        }
    }
}
