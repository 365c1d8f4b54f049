package io.dirsync.projector.offboarding;

import io.dirsync.schemas.AppOffboarding;
import io.dirsync.schemas.OffboardingCase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the offboarding query API and CLI show: one leaver per row with each app's issue, due, ack time and outcome,
 * as JSON records, an aligned text table, or CSV (audit evidence). Times are ISO-8601 UTC; durations in seconds.
 */
public final class OffboardingViews {

    private OffboardingViews() {
    }

    /** One app's part in one leaver's offboarding. */
    @Serdeable
    public record AppView(String appId, boolean declared, @Nullable String dueAt, @Nullable String ackedAt,
                          @Nullable String outcome, boolean overdue, @Nullable Long secondsToDeprovision,
                          @Nullable String detail) {
    }

    /** One leaver: OPEN, OVERDUE (open, some app past its SLA) or COMPLETE. */
    @Serdeable
    public record LeaverView(String directoryId, String userId, @Nullable String userName, String commandId,
                             @Nullable String issuedAt, @Nullable String completedAt, String status, List<AppView> apps) {
    }

    /** A list of leavers of a directory (status: open ones; report: those issued in [from, to)). */
    @Serdeable
    public record LeaversView(String directoryId, @Nullable String from, @Nullable String to, List<String> declaredApps,
                              int total, List<LeaverView> leavers) {
    }

    public static LeaverView view(OffboardingCase c) {
        Instant issued = c.getCommand() == null ? null : c.getCommand().getReceivedAt();
        List<AppView> apps = new ArrayList<>();
        boolean overdue = false;
        for (AppOffboarding a : c.getApps()) {
            overdue |= a.getOverdue();
            apps.add(new AppView(a.getAppId(), a.getDeclared(),
                    issued == null || a.getSlaMillis() == null ? null : issued.plusMillis(a.getSlaMillis()).toString(),
                    a.getAckedAt() == null ? null : a.getAckedAt().toString(), a.getOutcome(), a.getOverdue(),
                    issued == null || a.getAckedAt() == null ? null
                            : Duration.between(issued, a.getAckedAt()).toSeconds(),
                    a.getDetail()));
        }
        apps.sort(Comparator.comparing(AppView::declared).reversed().thenComparing(AppView::appId));
        String status = c.getCompletedAt() != null ? "COMPLETE" : overdue ? "OVERDUE" : "OPEN";
        return new LeaverView(c.getDirectoryId(), c.getUserId(),
                c.getCommand() == null ? null : c.getCommand().getUser().getUserName(), c.getCommandId(),
                issued == null ? null : issued.toString(),
                c.getCompletedAt() == null ? null : c.getCompletedAt().toString(), status, apps);
    }

    /** Leavers in a stable order: by issue time, then user. */
    public static List<LeaverView> sorted(List<LeaverView> leavers) {
        List<LeaverView> out = new ArrayList<>(leavers);
        out.sort(Comparator.comparing((LeaverView l) -> l.issuedAt() == null ? "" : l.issuedAt())
                .thenComparing(LeaverView::userId).thenComparing(LeaverView::commandId));
        return out;
    }

    /** An aligned table, one line per leaver and app. */
    public static String table(LeaversView view) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"USER", "USERNAME", "STATUS", "ISSUED", "APP", "DUE", "ACKNOWLEDGED", "OUTCOME", "TOOK"});
        for (String[] r : lines(view)) {
            rows.add(new String[] {r[1], r[2], r[4], r[5], r[7], r[9], r[10], r[11], r[13].isEmpty() ? "-" : ("0".equals(r[13]) ? "<1" : r[13]) + "s"
                    + ("true".equals(r[12]) ? " OVERDUE" : "")});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = row[i] == null || row[i].isEmpty() ? "-" : row[i];
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(view.total()).append(" leaver(s) in ").append(view.directoryId());
        if (view.from() != null || view.to() != null) {
            out.append(" issued from ").append(view.from() == null ? "the beginning" : view.from())
                    .append(" to ").append(view.to() == null ? "now" : view.to());
        }
        out.append("; declared apps: ").append(view.declaredApps().isEmpty() ? "none" : String.join(", ", view.declaredApps()))
                .append('\n');
        return out.toString();
    }

    /** CSV (RFC 4180), one row per leaver and app. */
    public static String csv(LeaversView view) {
        StringBuilder out = new StringBuilder("directory_id,user_id,user_name,command_id,status,issued_at,completed_at,"
                + "app_id,declared,due_at,acknowledged_at,outcome,overdue,seconds_to_deprovision,detail\r\n");
        for (String[] r : lines(view)) {
            for (int i = 0; i < r.length; i++) {
                out.append(i == 0 ? "" : ",").append(csvField(r[i]));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static List<String[]> lines(LeaversView view) {
        List<String[]> out = new ArrayList<>();
        for (LeaverView l : view.leavers()) {
            List<AppView> apps = l.apps().isEmpty()
                    ? List.of(new AppView("", false, null, null, null, false, null, null)) : l.apps();
            for (AppView a : apps) {
                out.add(new String[] {l.directoryId(), l.userId(), nz(l.userName()), l.commandId(), l.status(),
                        nz(l.issuedAt()), nz(l.completedAt()), a.appId(), Boolean.toString(a.declared()), nz(a.dueAt()),
                        nz(a.ackedAt()), nz(a.outcome()), Boolean.toString(a.overdue()),
                        a.secondsToDeprovision() == null ? "" : a.secondsToDeprovision().toString(), nz(a.detail())});
            }
        }
        return out;
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
