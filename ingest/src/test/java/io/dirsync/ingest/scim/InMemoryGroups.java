package io.dirsync.ingest.scim;

import io.dirsync.ingest.projector.GroupReader;
import io.dirsync.ingest.projector.StoredGroup;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.DeleteGroup;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.OutcomeReason;
import io.dirsync.schemas.OutcomeStatus;
import io.dirsync.schemas.UpdateGroup;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The group half of the test stand-in for the projector: the visible group rules (unique displayName, version
 * guard, members must exist, deltas applied remove-all/remove/add) so the SCIM group edge can be tested alone.
 * The real fold is tested in the projector and end to end.
 */
@Singleton
@Requires(env = "test")
@Replaces(GroupReader.class)
final class InMemoryGroups implements GroupReader {

    final List<DirectoryChange> submitted = new ArrayList<>();
    private final Map<String, GroupState> groups = new TreeMap<>();
    private final Map<String, TreeSet<String>> members = new TreeMap<>();
    private final Provider<InMemoryDirectory> users;

    InMemoryGroups(Provider<InMemoryDirectory> users) {
        this.users = users;
    }

    synchronized void reset() {
        submitted.clear();
        groups.clear();
        members.clear();
    }

    static boolean handles(Object payload) {
        return payload instanceof CreateGroup || payload instanceof UpdateGroup || payload instanceof DeleteGroup;
    }

    synchronized ChangeOutcome apply(DirectoryChange change) {
        submitted.add(change);
        String dir = change.getDirectoryId();
        Object p = change.getPayload();
        if (p instanceof CreateGroup c) {
            Optional<GroupState> taken = byName(dir, c.getDisplayName());
            if (taken.isPresent()) {
                return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.UNIQUENESS, taken.get());
            }
            if (!allExist(dir, c.getAddMembers())) {
                return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.INVALID, null);
            }
            GroupState g = GroupState.newBuilder().setDirectoryId(dir).setGroupId(c.getGroupId())
                    .setDisplayName(c.getDisplayName()).setExternalId(c.getExternalId()).setDocument(c.getDocument())
                    .setVersion(1).setMemberCount(0).setCreatedAt(change.getReceivedAt())
                    .setLastModified(change.getReceivedAt()).setLastChangeId(change.getChangeId()).build();
            TreeSet<String> set = new TreeSet<>(c.getAddMembers());
            g.setMemberCount(set.size());
            groups.put(key(dir, c.getGroupId()), g);
            members.put(key(dir, c.getGroupId()), set);
            return outcome(change, OutcomeStatus.APPLIED, OutcomeReason.NONE, g);
        }
        String groupId = p instanceof UpdateGroup u ? u.getGroupId() : ((DeleteGroup) p).getGroupId();
        GroupState current = groups.get(key(dir, groupId));
        if (current == null) {
            return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.NOT_FOUND, null);
        }
        if (change.getExpectedVersion() != null && change.getExpectedVersion() != current.getVersion()) {
            return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.VERSION_MISMATCH, current);
        }
        if (p instanceof DeleteGroup) {
            groups.remove(key(dir, groupId));
            members.remove(key(dir, groupId));
            return outcome(change, OutcomeStatus.APPLIED, OutcomeReason.NONE, current);
        }
        UpdateGroup u = (UpdateGroup) p;
        if (u.getDisplayName() != null) {
            Optional<GroupState> taken = byName(dir, u.getDisplayName()).filter(g -> !g.getGroupId().equals(groupId));
            if (taken.isPresent()) {
                return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.UNIQUENESS, taken.get());
            }
        }
        if (!allExist(dir, u.getAddMembers())) {
            return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.INVALID, null);
        }
        TreeSet<String> set = members.get(key(dir, groupId));
        if (u.getRemoveAllMembers()) {
            set.clear();
        }
        u.getRemoveMembers().forEach(set::remove);
        set.addAll(u.getAddMembers());
        GroupState next = GroupState.newBuilder(current)
                .setDisplayName(u.getDisplayName() != null ? u.getDisplayName() : current.getDisplayName())
                .setExternalId(u.getExternalId() != null ? u.getExternalId() : current.getExternalId())
                .setDocument(u.getDocument() != null ? u.getDocument() : current.getDocument())
                .setVersion(current.getVersion() + 1).setMemberCount(set.size())
                .setLastModified(change.getReceivedAt()).setLastChangeId(change.getChangeId()).build();
        groups.put(key(dir, groupId), next);
        return outcome(change, OutcomeStatus.APPLIED, OutcomeReason.NONE, next);
    }

    @Override
    public synchronized Optional<StoredGroup> group(String directoryId, String groupId) {
        return Optional.ofNullable(groups.get(key(directoryId, groupId))).map(StoredGroup::from);
    }

    @Override
    public synchronized Optional<StoredGroup> groupByDisplayName(String directoryId, String displayName) {
        return byName(directoryId, displayName).map(StoredGroup::from);
    }

    @Override
    public synchronized Page groups(String directoryId, int startIndex, int count) {
        List<StoredGroup> all = groups.values().stream().filter(g -> g.getDirectoryId().equals(directoryId))
                .map(StoredGroup::from).toList();
        return new Page(all.size(), startIndex, all.stream().skip(startIndex - 1L).limit(count).toList());
    }

    @Override
    public synchronized Page search(String directoryId, String filter, String sortBy, String sortOrder, int startIndex,
                                    int count) throws com.unboundid.scim2.common.exceptions.BadRequestException {
        List<StoredGroup> all = groups.values().stream().filter(g -> g.getDirectoryId().equals(directoryId))
                .map(StoredGroup::from).toList();
        List<StoredGroup> matches = InMemorySearch.select(all, g -> GroupDocuments.render(g, null, ""),
                StoredGroup::groupId, filter, sortBy, sortOrder);
        return new Page(matches.size(), startIndex, matches.stream().skip(startIndex - 1L).limit(count).toList());
    }

    /** Counts member reads, so a test can prove excludedAttributes=members loads none. */
    volatile int memberReads;

    @Override
    public synchronized List<StoredGroup.Member> members(String directoryId, String groupId) {
        memberReads++;
        List<StoredGroup.Member> out = new ArrayList<>();
        for (String userId : members.getOrDefault(key(directoryId, groupId), new TreeSet<>())) {
            var user = users.get().user(directoryId, userId);
            out.add(new StoredGroup.Member(userId, user.map(u -> u.userName()).orElse(null),
                    user.flatMap(u -> Optional.ofNullable(ScimJson.parseObject(u.document()).path("displayName")
                            .asText(null))).orElse(null)));
        }
        return out;
    }

    private boolean allExist(String directoryId, List<String> userIds) {
        return userIds.stream().allMatch(id -> users.get().user(directoryId, id).isPresent());
    }

    private Optional<GroupState> byName(String directoryId, String displayName) {
        return groups.values().stream().filter(g -> g.getDirectoryId().equals(directoryId))
                .filter(g -> g.getDisplayName().toLowerCase(Locale.ROOT).equals(displayName.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    private static ChangeOutcome outcome(DirectoryChange change, OutcomeStatus status, OutcomeReason reason,
                                         GroupState group) {
        return ChangeOutcome.newBuilder()
                .setRequestId(change.getRequestId())
                .setChangeId(change.getChangeId())
                .setDirectoryId(change.getDirectoryId())
                .setStatus(status)
                .setReason(reason)
                .setDetail(reason == OutcomeReason.NONE ? null : reason.name())
                .setGroup(group)
                .build();
    }

    private static String key(String directoryId, String groupId) {
        return directoryId + "/" + groupId;
    }
}
