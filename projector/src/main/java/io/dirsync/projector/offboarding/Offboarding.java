package io.dirsync.projector.offboarding;

import io.dirsync.schemas.AccessAck;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AckOutcome;
import io.dirsync.schemas.AppOffboarding;
import io.dirsync.schemas.OffboardingCase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The offboarding rules as pure functions of (case, input, settings, record time): a DEPROVISION opens a case with
 * every declared app and a deadline per app (issue + SLA); an APPLIED or NOT_APPLICABLE ack settles that app (FAILED is
 * recorded, settles nothing); the case is COMPLETE once every declared app is settled; an app whose deadline passes in
 * record time unsettled is OVERDUE, once. Repeated input (a duplicate ack, a re-emitted command) changes nothing, so
 * a replay or redelivery gives the same answers. No clock: "now" is the record time the processor passes in.
 */
public final class Offboarding {

    /** Something to tell the world: OFFBOARDING_COMPLETE (appId null) or OFFBOARDING_OVERDUE for one app. */
    public record Emit(boolean complete, String appId, String detail) {
    }

    /** A deadline to watch: {@code appId}'s SLA ends at {@code at} (epoch millis). */
    public record Deadline(long at, String appId) {
    }

    /** A settled app and how long it took from issue to its ack (for the time-to-deprovision histogram). */
    public record Settled(String appId, Duration took) {
    }

    /** The new case and what follows from it. */
    public record Decision(OffboardingCase next, List<Emit> emits, List<Deadline> watch, List<String> unwatch,
                           List<Settled> settled, List<String> overdue) {
    }

    private Offboarding() {
    }

    /** A DEPROVISION arrived (or arrived again). */
    public static Decision onDeprovision(OffboardingCase existing, AccessCommand command, OffboardingSettings settings,
                                         long now) {
        Builder d = new Builder(existing != null ? copy(existing) : OffboardingCase.newBuilder()
                .setDirectoryId(command.getDirectoryId()).setUserId(command.getUserId())
                .setCommandId(command.getCommandId()).setApps(new ArrayList<>()).build());
        OffboardingCase c = d.next;
        if (c.getCommand() != null) {
            return d.build(); // re-emitted by a replay: the case already knows it
        }
        c.setCommand(command);
        long issued = command.getReceivedAt().toEpochMilli();
        for (Map.Entry<String, Duration> app : settings.declared().entrySet()) {
            AppOffboarding a = app(c, app.getKey());
            a.setDeclared(true);
            a.setSlaMillis(app.getValue().toMillis());
            if (a.getAckedAt() == null) {
                d.watch.add(new Deadline(issued + app.getValue().toMillis(), a.getAppId()));
            } else {
                d.settled.add(new Settled(a.getAppId(), Duration.ofMillis(a.getAckedAt().toEpochMilli() - issued)));
            }
        }
        complete(d, now);
        return d.build();
    }

    /** An app acknowledged a command of this case (the case may not know the command yet). */
    public static Decision onAck(OffboardingCase existing, AccessAck ack, long now) {
        Builder d = new Builder(existing != null ? copy(existing) : OffboardingCase.newBuilder()
                .setDirectoryId(ack.getDirectoryId()).setUserId(ack.getUserId())
                .setCommandId(ack.getCommandId()).setApps(new ArrayList<>()).build());
        OffboardingCase c = d.next;
        AppOffboarding a = app(c, ack.getAppId());
        boolean settles = ack.getOutcome() == AckOutcome.APPLIED || ack.getOutcome() == AckOutcome.NOT_APPLICABLE;
        if (a.getAckedAt() != null) {
            return d.build(); // the first settling ack is the evidence; later ones (re-acks, redeliveries) add nothing
        }
        a.setOutcome(ack.getOutcome().name());
        a.setDetail(ack.getDetail());
        if (settles) {
            a.setAckedAt(ack.getAppliedAt());
            a.setAckRecordedAt(Instant.ofEpochMilli(now));
            d.unwatch.add(a.getAppId());
            if (c.getCommand() != null) {
                d.settled.add(new Settled(a.getAppId(), Duration.ofMillis(
                        ack.getAppliedAt().toEpochMilli() - c.getCommand().getReceivedAt().toEpochMilli())));
            }
            complete(d, now);
        }
        return d.build();
    }

    /** {@code appId}'s deadline passed at record time {@code now}. */
    public static Decision onDeadline(OffboardingCase existing, String appId, long now) {
        Builder d = new Builder(copy(existing));
        AppOffboarding a = app(d.next, appId);
        if (a.getAckedAt() == null && !a.getOverdue() && d.next.getCommand() != null) {
            a.setOverdue(true);
            Duration sla = Duration.ofMillis(a.getSlaMillis() == null ? 0 : a.getSlaMillis());
            d.emits.add(new Emit(false, appId, appId + " did not acknowledge the DEPROVISION within " + sla
                    + " of its issue at " + d.next.getCommand().getReceivedAt()));
            d.overdue.add(appId);
        }
        return d.build();
    }

    private static void complete(Builder d, long now) {
        OffboardingCase c = d.next;
        if (c.getCompletedAt() != null || c.getCommand() == null) {
            return;
        }
        List<AppOffboarding> declared = c.getApps().stream().filter(AppOffboarding::getDeclared).toList();
        if (declared.isEmpty() || declared.stream().anyMatch(a -> a.getAckedAt() == null)) {
            return;
        }
        c.setCompletedAt(Instant.ofEpochMilli(now));
        StringBuilder detail = new StringBuilder("every declared app acknowledged:");
        long issued = c.getCommand().getReceivedAt().toEpochMilli();
        for (AppOffboarding a : declared) {
            detail.append(' ').append(a.getAppId()).append(" after ")
                    .append(Duration.ofMillis(a.getAckedAt().toEpochMilli() - issued))
                    .append(a.getOverdue() ? " (overdue)" : "");
        }
        d.emits.add(new Emit(true, null, detail.toString()));
    }

    private static AppOffboarding app(OffboardingCase c, String appId) {
        for (AppOffboarding a : c.getApps()) {
            if (a.getAppId().equals(appId)) {
                return a;
            }
        }
        AppOffboarding a = AppOffboarding.newBuilder().setAppId(appId).build();
        c.getApps().add(a);
        return a;
    }

    private static OffboardingCase copy(OffboardingCase c) {
        OffboardingCase copy = OffboardingCase.newBuilder(c).build();
        copy.setApps(new ArrayList<>(copy.getApps()));
        return copy;
    }

    private static final class Builder {
        final OffboardingCase next;
        final List<Emit> emits = new ArrayList<>();
        final List<Deadline> watch = new ArrayList<>();
        final List<String> unwatch = new ArrayList<>();
        final List<Settled> settled = new ArrayList<>();
        final List<String> overdue = new ArrayList<>();

        Builder(OffboardingCase next) {
            this.next = next;
        }

        Decision build() {
            return new Decision(next, List.copyOf(emits), List.copyOf(watch), List.copyOf(unwatch),
                    List.copyOf(settled), List.copyOf(overdue));
        }
    }
}
