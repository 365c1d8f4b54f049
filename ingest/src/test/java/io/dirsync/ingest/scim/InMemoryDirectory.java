package io.dirsync.ingest.scim;

import io.dirsync.ingest.BackendUnavailableException;
import io.dirsync.ingest.changelog.ChangeLog;
import io.dirsync.ingest.projector.DirectoryReader;
import io.dirsync.ingest.projector.StoredUser;
import io.dirsync.schemas.ChangeOutcome;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.OutcomeReason;
import io.dirsync.schemas.OutcomeStatus;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the change log and the projector in HTTP tests of the edge: it applies the same
 * visible rules (unique userName, version guard, delete hides) so the SCIM layer can be tested alone.
 * The real pipeline is tested end to end in the e2e module.
 */
@Singleton
@Requires(env = "test")
@Replaces(DirectoryReader.class)
final class InMemoryDirectory implements ChangeLog, DirectoryReader {

    final List<DirectoryChange> submitted = new ArrayList<>();
    private final Map<String, UserLifecycle> users = new ConcurrentHashMap<>();
    volatile boolean unavailable;

    @jakarta.inject.Inject
    jakarta.inject.Provider<InMemoryGroups> groups;

    void reset() {
        groups.get().reset();
        submitted.clear();
        users.clear();
        unavailable = false;
    }

    @Override
    public synchronized ChangeOutcome submit(DirectoryChange change) {
        if (unavailable) {
            throw new BackendUnavailableException("test: broker down", null);
        }
        submitted.add(change);
        Object p = change.getPayload();
        if (InMemoryGroups.handles(p)) {
            return groups.get().apply(change);
        }
        if (p instanceof CreateUser c) {
            Optional<UserLifecycle> taken = byName(change.getDirectoryId(), c.getUser().getUserName());
            if (taken.isPresent()) {
                return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.UNIQUENESS, taken.get());
            }
            UserLifecycle u = lifecycle(change, c.getUserId(), c.getUser(), c.getDocument(), 1);
            users.put(key(change.getDirectoryId(), c.getUserId()), u);
            return outcome(change, OutcomeStatus.APPLIED, OutcomeReason.NONE, u);
        }
        String userId = p instanceof ReplaceUser r ? r.getUserId() : ((DeleteUser) p).getUserId();
        UserLifecycle current = users.get(key(change.getDirectoryId(), userId));
        if (current == null) {
            return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.NOT_FOUND, null);
        }
        if (change.getExpectedVersion() != null && change.getExpectedVersion() != current.getVersion()) {
            return outcome(change, OutcomeStatus.REJECTED, OutcomeReason.VERSION_MISMATCH, current);
        }
        if (p instanceof ReplaceUser r) {
            UserLifecycle u = lifecycle(change, userId, r.getUser(), r.getDocument(), current.getVersion() + 1);
            u.setCreatedAt(current.getCreatedAt());
            users.put(key(change.getDirectoryId(), userId), u);
            return outcome(change, OutcomeStatus.APPLIED, OutcomeReason.NONE, u);
        }
        users.remove(key(change.getDirectoryId(), userId));
        return outcome(change, OutcomeStatus.APPLIED, OutcomeReason.NONE, current);
    }

    @Override
    public Optional<StoredUser> user(String directoryId, String userId) {
        check();
        return Optional.ofNullable(users.get(key(directoryId, userId))).map(StoredUser::from);
    }

    @Override
    public Optional<StoredUser> userByUserName(String directoryId, String userName) {
        check();
        return byName(directoryId, userName).map(StoredUser::from);
    }

    @Override
    public Page users(String directoryId, int startIndex, int count) {
        check();
        List<StoredUser> all = new TreeMap<>(users).entrySet().stream()
                .filter(e -> e.getKey().startsWith(directoryId + "/"))
                .map(e -> StoredUser.from(e.getValue())).toList();
        return new Page(all.size(), startIndex, all.stream().skip(startIndex - 1L).limit(count).toList());
    }

    /** The projector's search, evaluated the same way with the SDK over the users' SCIM JSON. */
    @Override
    public Page search(String directoryId, String filter, String sortBy, String sortOrder, int startIndex, int count)
            throws com.unboundid.scim2.common.exceptions.BadRequestException {
        check();
        return InMemorySearch.users(users(directoryId, 1, Integer.MAX_VALUE).users(), filter, sortBy, sortOrder,
                startIndex, count);
    }

    private void check() {
        if (unavailable) {
            throw new BackendUnavailableException("test: projector down", null);
        }
    }

    private Optional<UserLifecycle> byName(String directoryId, String userName) {
        return users.values().stream()
                .filter(u -> u.getDirectoryId().equals(directoryId))
                .filter(u -> u.getUser().getUserName().toLowerCase(Locale.ROOT)
                        .equals(userName.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    private static UserLifecycle lifecycle(DirectoryChange change, String userId, UserAttributes user, String document,
                                           long version) {
        return UserLifecycle.newBuilder()
                .setDirectoryId(change.getDirectoryId())
                .setUserId(userId)
                .setState(user.getActive() ? UserState.ACTIVE : UserState.INACTIVE)
                .setVersion(version)
                .setUser(user)
                .setDocument(document)
                .setCreatedAt(change.getReceivedAt())
                .setLastModified(change.getReceivedAt())
                .setLastChangeId(change.getChangeId())
                .build();
    }

    private static ChangeOutcome outcome(DirectoryChange change, OutcomeStatus status, OutcomeReason reason,
                                         UserLifecycle resource) {
        return ChangeOutcome.newBuilder()
                .setRequestId(Objects.requireNonNull(change.getRequestId()))
                .setChangeId(change.getChangeId())
                .setDirectoryId(change.getDirectoryId())
                .setStatus(status)
                .setReason(reason)
                .setDetail(reason == OutcomeReason.NONE ? null : reason.name())
                .setResource(resource)
                .build();
    }

    private static String key(String directoryId, String userId) {
        return directoryId + "/" + userId;
    }
}
