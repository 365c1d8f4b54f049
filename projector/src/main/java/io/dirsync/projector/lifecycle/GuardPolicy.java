package io.dirsync.projector.lifecycle;

import java.time.Duration;

/**
 * When the mass-deprovision guard trips for a directory: more than {@code minimum} DEPROVISIONs and more
 * than {@code fraction} of its active users within {@code window} of record time.
 */
public record GuardPolicy(boolean enabled, double fraction, int minimum, Duration window) {

    /** Defaults: more than 10% of active users and more than 25 users within 10 minutes. */
    public static final GuardPolicy DEFAULT = new GuardPolicy(true, 0.10, 25, Duration.ofMinutes(10));

    public static final GuardPolicy OFF = new GuardPolicy(false, 1.0, Integer.MAX_VALUE, Duration.ZERO);
}
