package io.dirsync.projector.lifecycle;

/** A group as named on a command or event: its id and its display name at the time. */
public record GroupRef(String groupId, String displayName) {
}
