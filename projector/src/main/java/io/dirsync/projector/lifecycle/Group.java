package io.dirsync.projector.lifecycle;

import java.time.Instant;

/**
 * The folded state of one group, without its members (those are one membership each, so a group of
 * 100,000 costs the same to read or rename as a group of ten). {@code version} counts every change,
 * memberships included.
 */
public record Group(
        String directoryId,
        String groupId,
        String displayName,
        String externalId,
        String document,
        long version,
        long memberCount,
        Instant createdAt,
        Instant lastModified,
        String lastChangeId) {

    GroupRef ref() {
        return new GroupRef(groupId, displayName);
    }

    Group next(Change change, String displayName, String externalId, String document, long memberCount) {
        return new Group(directoryId, groupId, displayName, externalId, document, version + 1, memberCount,
                createdAt, change.receivedAt(), change.changeId());
    }
}
