package io.dirsync.example;

import io.dirsync.client.CommandHandler;
import io.dirsync.client.Result;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AckOutcome;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;

/**
 * How the example app reacts to each access command, inside the kit's transaction (the same JDBC connection
 * records the commandId and the consumer position): PROVISION / REPROVISION insert or re-enable the user and issue a
 * session and an API key; UPDATE updates the attributes; DEPROVISION disables the user and revokes every open session
 * and API key; GRANT / REVOKE_GROUP_ACCESS add or remove a group access row. A user command older than the row's
 * version is NOT_APPLICABLE (stale), as is anything about a user the app never had.
 */
public final class UsersTable implements CommandHandler<Connection> {

    private final Clock clock;

    public UsersTable(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Result handle(AccessCommand command, Connection c) throws SQLException {
        Long version = version(c, command);
        Result result = switch (command.getType()) {
            case PROVISION, REPROVISION -> stale(command, version) ? staleResult(version) : provision(c, command, version);
            case UPDATE -> version == null ? Result.notApplicable("not provisioned in this app")
                    : stale(command, version) ? staleResult(version) : update(c, command);
            case DEPROVISION -> version == null ? Result.notApplicable("not provisioned in this app")
                    : stale(command, version) ? staleResult(version) : deprovision(c, command);
            case GRANT_GROUP_ACCESS -> version == null ? Result.notApplicable("not provisioned in this app")
                    : grant(c, command);
            case REVOKE_GROUP_ACCESS -> revoke(c, command);
            default -> Result.notApplicable("command type " + command.getType() + " is not known to this app");
        };
        audit(c, command, result.outcome());
        return result;
    }

    private Result provision(Connection c, AccessCommand cmd, Long version) throws SQLException {
        UserAttributes u = cmd.getUser();
        if (version == null) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO app_users (directory_id, user_id, user_name, "
                    + "email, display_name, department, title, active, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, cmd.getDirectoryId());
                s.setString(2, cmd.getUserId());
                attributes(s, 3, u);
                s.setBoolean(8, true);
                s.setLong(9, cmd.getVersion());
                s.setTimestamp(10, now());
                s.executeUpdate();
            }
        } else {
            writeAttributes(c, cmd, true);
        }
        // What a real app hands a new (or returning) user: a session and an API key, named after the command.
        insertCredential(c, "app_sessions", "session_id", "s-" + cmd.getCommandId(), cmd);
        insertCredential(c, "app_api_keys", "key_id", "k-" + cmd.getCommandId(), cmd);
        return Result.applied(version == null ? "user created" : "user re-enabled");
    }

    private Result update(Connection c, AccessCommand cmd) throws SQLException {
        writeAttributes(c, cmd, cmd.getUser().getActive());
        return Result.applied();
    }

    private Result deprovision(Connection c, AccessCommand cmd) throws SQLException {
        writeAttributes(c, cmd, false);
        int sessions = revokeAll(c, "app_sessions", cmd);
        int keys = revokeAll(c, "app_api_keys", cmd);
        return Result.applied("disabled; revoked " + sessions + " session(s) and " + keys + " API key(s)");
    }

    private Result grant(Connection c, AccessCommand cmd) throws SQLException {
        if (cmd.getGroup() == null) {
            return Result.notApplicable("no group on the command");
        }
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM app_group_access WHERE directory_id = ? "
                + "AND user_id = ? AND group_id = ?")) {
            bindUser(q, cmd);
            q.setString(3, cmd.getGroup().getGroupId());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return Result.applied("already granted");
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO app_group_access (directory_id, user_id, group_id, "
                + "group_name, granted_at) VALUES (?, ?, ?, ?, ?)")) {
            bindUser(s, cmd);
            s.setString(3, cmd.getGroup().getGroupId());
            s.setString(4, cmd.getGroup().getDisplayName());
            s.setTimestamp(5, now());
            s.executeUpdate();
        }
        return Result.applied();
    }

    private Result revoke(Connection c, AccessCommand cmd) throws SQLException {
        if (cmd.getGroup() == null) {
            return Result.notApplicable("no group on the command");
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM app_group_access WHERE directory_id = ? "
                + "AND user_id = ? AND group_id = ?")) {
            bindUser(s, cmd);
            s.setString(3, cmd.getGroup().getGroupId());
            return s.executeUpdate() > 0 ? Result.applied() : Result.notApplicable("no such group access");
        }
    }

    /** Bootstrap from {@code dirsync.user-lifecycle}: insert or overwrite a user if the state is newer. */
    public void upsert(Connection c, UserLifecycle state) throws SQLException {
        Long version = version(c, state.getDirectoryId(), state.getUserId());
        if (state.getState() == UserState.DELETED || (version != null && version >= state.getVersion())) {
            return;
        }
        boolean active = state.getState() == UserState.ACTIVE;
        if (version == null) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO app_users (directory_id, user_id, user_name, "
                    + "email, display_name, department, title, active, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, state.getDirectoryId());
                s.setString(2, state.getUserId());
                attributes(s, 3, state.getUser());
                s.setBoolean(8, active);
                s.setLong(9, state.getVersion());
                s.setTimestamp(10, now());
                s.executeUpdate();
            }
        } else {
            writeAttributes(c, state.getDirectoryId(), state.getUserId(), state.getUser(), active, state.getVersion());
        }
    }

    private static boolean stale(AccessCommand cmd, Long version) {
        return version != null && cmd.getVersion() < version;
    }

    private static Result staleResult(Long version) {
        return Result.notApplicable("stale: the app already has version " + version);
    }

    private static Long version(Connection c, AccessCommand cmd) throws SQLException {
        return version(c, cmd.getDirectoryId(), cmd.getUserId());
    }

    private static Long version(Connection c, String directoryId, String userId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT version FROM app_users WHERE directory_id = ? AND user_id = ?")) {
            q.setString(1, directoryId);
            q.setString(2, userId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private void writeAttributes(Connection c, AccessCommand cmd, boolean active) throws SQLException {
        writeAttributes(c, cmd.getDirectoryId(), cmd.getUserId(), cmd.getUser(), active, cmd.getVersion());
    }

    private void writeAttributes(Connection c, String directoryId, String userId, UserAttributes user, boolean active,
                                 long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE app_users SET user_name = ?, email = ?, display_name = ?, "
                + "department = ?, title = ?, active = ?, version = ?, updated_at = ? WHERE directory_id = ? AND user_id = ?")) {
            attributes(s, 1, user);
            s.setBoolean(6, active);
            s.setLong(7, version);
            s.setTimestamp(8, now());
            s.setString(9, directoryId);
            s.setString(10, userId);
            s.executeUpdate();
        }
    }

    private void insertCredential(Connection c, String table, String idColumn, String id, AccessCommand cmd)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (" + idColumn
                + ", directory_id, user_id, created_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, cmd.getDirectoryId());
            s.setString(3, cmd.getUserId());
            s.setTimestamp(4, now());
            s.executeUpdate();
        }
    }

    private int revokeAll(Connection c, String table, AccessCommand cmd) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET revoked_at = ? "
                + "WHERE directory_id = ? AND user_id = ? AND revoked_at IS NULL")) {
            s.setTimestamp(1, now());
            s.setString(2, cmd.getDirectoryId());
            s.setString(3, cmd.getUserId());
            return s.executeUpdate();
        }
    }

    private void audit(Connection c, AccessCommand cmd, AckOutcome outcome) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO app_audit (command_id, directory_id, user_id, "
                + "command_type, outcome, version, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, cmd.getCommandId());
            s.setString(2, cmd.getDirectoryId());
            s.setString(3, cmd.getUserId());
            s.setString(4, cmd.getType().name());
            s.setString(5, outcome.name());
            s.setLong(6, cmd.getVersion());
            s.setTimestamp(7, now());
            s.executeUpdate();
        }
    }

    private static void attributes(PreparedStatement s, int first, UserAttributes u) throws SQLException {
        s.setString(first, u.getUserName());
        s.setString(first + 1, u.getEmail());
        s.setString(first + 2, u.getDisplayName());
        s.setString(first + 3, u.getDepartment());
        s.setString(first + 4, u.getTitle());
    }

    private static void bindUser(PreparedStatement s, AccessCommand cmd) throws SQLException {
        s.setString(1, cmd.getDirectoryId());
        s.setString(2, cmd.getUserId());
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
