package io.dirsync.client;

import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AckOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link CommandStore} in the app's own JDBC database: the handler's writes, the applied commandId
 * ({@value #APPLIED_TABLE}) and the consumer position ({@value #POSITIONS_TABLE}) commit in one transaction.
 * A crash before the commit leaves no trace (the command is read again and applied); a crash after it leaves the
 * commandId behind (the command is read again and skipped). That holds only if the database makes a commit durable
 * before it returns (H2 needs {@code WRITE_DELAY=0}). Portable SQL only (H2, PostgreSQL, MySQL, SQLite).
 *
 * <p>Used from the kit's single consumer thread; it keeps one connection and opens a new one after an error.
 */
public final class JdbcCommandStore implements CommandStore<Connection> {

    public static final String APPLIED_TABLE = "dirsync_applied_commands";
    public static final String POSITIONS_TABLE = "dirsync_consumer_positions";

    /** Opens a connection to the app's database (e.g. {@code () -> DriverManager.getConnection(url)}). */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory connections;
    private Connection connection;

    public JdbcCommandStore(ConnectionFactory connections) throws SQLException {
        this.connections = connections;
        createTables();
    }

    private void createTables() throws SQLException {
        Connection c = connection();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + APPLIED_TABLE + " ("
                    + "command_id VARCHAR(512) NOT NULL PRIMARY KEY, directory_id VARCHAR(255) NOT NULL, "
                    + "user_id VARCHAR(255) NOT NULL, command_type VARCHAR(32) NOT NULL, outcome VARCHAR(32) NOT NULL, "
                    + "applied_at BIGINT NOT NULL, detail VARCHAR(4000))");
            s.execute("CREATE TABLE IF NOT EXISTS " + POSITIONS_TABLE + " ("
                    + "group_id VARCHAR(255) NOT NULL, topic VARCHAR(255) NOT NULL, partition_no INT NOT NULL, "
                    + "next_offset BIGINT NOT NULL, PRIMARY KEY (group_id, topic, partition_no))");
            c.commit();
        } catch (SQLException e) {
            discard();
            throw e;
        }
    }

    @Override
    public Applied applyOnce(AccessCommand command, Position position, Instant appliedAt,
                             CommandHandler<Connection> handler) throws Exception {
        Connection c = connection();
        try {
            Applied before = find(c, command.getCommandId());
            Applied result;
            if (before != null) {
                result = before;
            } else {
                Result r = handler.handle(command, c);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + APPLIED_TABLE
                        + " (command_id, directory_id, user_id, command_type, outcome, applied_at, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, command.getCommandId());
                    insert.setString(2, command.getDirectoryId());
                    insert.setString(3, command.getUserId());
                    insert.setString(4, command.getType().name());
                    insert.setString(5, r.outcome().name());
                    insert.setLong(6, appliedAt.toEpochMilli());
                    insert.setString(7, truncate(r.detail()));
                    insert.executeUpdate();
                }
                result = new Applied(command.getCommandId(), r.outcome(), appliedAt, r.detail(), false);
            }
            savePosition(c, position);
            c.commit();
            return result;
        } catch (Exception e) {
            rollback(c);
            throw e;
        }
    }

    @Override
    public Map<Integer, Long> positions(String groupId, String topic, Collection<Integer> partitions)
            throws SQLException {
        Connection c = connection();
        Map<Integer, Long> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT partition_no, next_offset FROM " + POSITIONS_TABLE
                + " WHERE group_id = ? AND topic = ?")) {
            q.setString(1, groupId);
            q.setString(2, topic);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (partitions.contains(rs.getInt(1))) {
                        out.put(rs.getInt(1), rs.getLong(2));
                    }
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            rollback(c);
            throw e;
        }
    }

    private static Applied find(Connection c, String commandId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT outcome, applied_at, detail FROM " + APPLIED_TABLE + " WHERE command_id = ?")) {
            q.setString(1, commandId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Applied(commandId, AckOutcome.valueOf(rs.getString(1)),
                        Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), true);
            }
        }
    }

    private void savePosition(Connection c, Position position) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE " + POSITIONS_TABLE
                + " SET next_offset = ? WHERE group_id = ? AND topic = ? AND partition_no = ?")) {
            update.setLong(1, position.nextOffset());
            update.setString(2, position.groupId());
            update.setString(3, position.topic());
            update.setInt(4, position.partition());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + POSITIONS_TABLE
                + " (group_id, topic, partition_no, next_offset) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, position.groupId());
            insert.setString(2, position.topic());
            insert.setInt(3, position.partition());
            insert.setLong(4, position.nextOffset());
            insert.executeUpdate();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.open();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection is broken: the next command opens a new one.
            discard();
        }
    }

    private void discard() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing a broken connection: nothing more to do
        } finally {
            connection = null;
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }
}
