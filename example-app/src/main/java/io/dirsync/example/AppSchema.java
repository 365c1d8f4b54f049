package io.dirsync.example;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The example app's own tables, as any app would have them: users, their group access, their sessions and API
 * keys, and an audit row per command it applied. Portable SQL (H2 by default, any JDBC database by URL).
 */
public final class AppSchema {

    private AppSchema() {
    }

    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS app_users ("
                    + "directory_id VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL, user_name VARCHAR(512) NOT NULL, "
                    + "email VARCHAR(512), display_name VARCHAR(512), department VARCHAR(255), title VARCHAR(255), "
                    + "active BOOLEAN NOT NULL, version BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (directory_id, user_id))");
            s.execute("CREATE TABLE IF NOT EXISTS app_group_access ("
                    + "directory_id VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL, group_id VARCHAR(255) NOT NULL, "
                    + "group_name VARCHAR(512), granted_at TIMESTAMP NOT NULL, PRIMARY KEY (directory_id, user_id, group_id))");
            s.execute("CREATE TABLE IF NOT EXISTS app_sessions ("
                    + "session_id VARCHAR(600) NOT NULL PRIMARY KEY, directory_id VARCHAR(255) NOT NULL, "
                    + "user_id VARCHAR(255) NOT NULL, created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP)");
            s.execute("CREATE TABLE IF NOT EXISTS app_api_keys ("
                    + "key_id VARCHAR(600) NOT NULL PRIMARY KEY, directory_id VARCHAR(255) NOT NULL, "
                    + "user_id VARCHAR(255) NOT NULL, created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP)");
            // No key on purpose: a command applied twice would show up here as two rows.
            s.execute("CREATE TABLE IF NOT EXISTS app_audit ("
                    + "command_id VARCHAR(512) NOT NULL, directory_id VARCHAR(255) NOT NULL, user_id VARCHAR(255) NOT NULL, "
                    + "command_type VARCHAR(32) NOT NULL, outcome VARCHAR(32) NOT NULL, version BIGINT NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL)");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
