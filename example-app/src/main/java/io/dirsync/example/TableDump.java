package io.dirsync.example;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./dirsync example-app table [--directory <id>]}: prints the example app's users table as it stands, one line
 * per user with its groups and open/total sessions and API keys, so a person can check it against dirsync's state.
 */
public final class TableDump {

    private TableDump() {
    }

    public static void main(String[] args) throws SQLException {
        String directory = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--directory" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("--directory needs a value");
                        System.exit(2);
                    }
                    directory = args[++i];
                }
                case "-h", "--help" -> {
                    System.out.println("usage: ./dirsync example-app table [--directory <id>]   "
                            + "(env DIRSYNC_APP_JDBC_URL as for the app)");
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        ExampleApp.Settings settings = ExampleApp.Settings.fromEnvironment(System.getenv());
        try (Connection c = settings.connect()) {
            AppSchema.create(c);
            print(c, directory, System.out);
        }
    }

    static void print(Connection c, String directory, PrintStream out) throws SQLException {
        String sql = "SELECT u.directory_id, u.user_id, u.user_name, u.active, u.version, u.department, "
                + "(SELECT COUNT(*) FROM app_sessions s WHERE s.directory_id = u.directory_id AND s.user_id = u.user_id "
                + "AND s.revoked_at IS NULL), "
                + "(SELECT COUNT(*) FROM app_sessions s WHERE s.directory_id = u.directory_id AND s.user_id = u.user_id), "
                + "(SELECT COUNT(*) FROM app_api_keys k WHERE k.directory_id = u.directory_id AND k.user_id = u.user_id "
                + "AND k.revoked_at IS NULL), "
                + "(SELECT COUNT(*) FROM app_api_keys k WHERE k.directory_id = u.directory_id AND k.user_id = u.user_id), "
                + "u.updated_at FROM app_users u" + (directory == null ? "" : " WHERE u.directory_id = ?")
                + " ORDER BY u.directory_id, u.user_name";
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DIRECTORY", "USER ID", "USERNAME", "ACTIVE", "VERSION", "DEPARTMENT", "GROUPS",
                "SESSIONS", "API KEYS", "UPDATED"});
        try (PreparedStatement q = c.prepareStatement(sql)) {
            if (directory != null) {
                q.setString(1, directory);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBoolean(4) ? "yes" : "NO", Long.toString(rs.getLong(5)), nz(rs.getString(6)),
                            groups(c, rs.getString(1), rs.getString(2)),
                            rs.getInt(7) + " open / " + rs.getInt(8), rs.getInt(9) + " open / " + rs.getInt(10),
                            rs.getTimestamp(11).toInstant().toString()});
                }
            }
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println((rows.size() - 1) + " user(s)");
    }

    private static String groups(Connection c, String directoryId, String userId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(group_name, group_id) FROM app_group_access "
                + "WHERE directory_id = ? AND user_id = ? ORDER BY 1")) {
            q.setString(1, directoryId);
            q.setString(2, userId);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names.isEmpty() ? "-" : String.join(",", names);
        }
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }
}
