package io.dirsync.projector.topology;

import io.dirsync.projector.lifecycle.Directory;
import io.dirsync.projector.lifecycle.Group;
import io.dirsync.projector.lifecycle.GuardPolicy;
import io.dirsync.projector.lifecycle.GuardState;
import io.dirsync.projector.lifecycle.Held;
import io.dirsync.projector.lifecycle.User;
import io.dirsync.projector.lifecycle.UserNames;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.HeldCommand;
import io.dirsync.schemas.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The core's view of one directory, read from the projector's state stores. */
final class StoreDirectory implements Directory {

    private static final StringSerializer KEYS = new StringSerializer();

    private final String directoryId;
    private final Stores stores;
    private final GuardPolicy policy;
    private final java.util.Map<String, Optional<User>> users = new java.util.HashMap<>();

    /** The fold's state stores, opened once per task. */
    record Stores(KeyValueStore<String, byte[]> users,
                  KeyValueStore<String, String> userNames,
                  KeyValueStore<String, String> externalIds,
                  KeyValueStore<String, String> groupExternalIds,
                  KeyValueStore<String, Long> appliedChanges,
                  KeyValueStore<String, GroupState> groups,
                  KeyValueStore<String, String> groupNames,
                  KeyValueStore<String, Long> members,
                  KeyValueStore<String, Long> userGroups,
                  KeyValueStore<String, io.dirsync.schemas.GuardState> guard,
                  KeyValueStore<String, HeldCommand> held) {
    }

    StoreDirectory(String directoryId, Stores stores, GuardPolicy policy) {
        this.directoryId = directoryId;
        this.stores = stores;
        this.policy = policy;
    }

    @Override
    public boolean applied(String changeId) {
        return stores.appliedChanges().get(Keys.user(directoryId, changeId)) != null;
    }

    @Override
    public List<User> existingUsers() {
        List<User> existing = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = stores.users().prefixScan(directoryId + "/", KEYS)) {
            while (it.hasNext()) {
                User user = AvroMapping.toCore(UserValues.decode(it.next().value));
                if (user.exists()) {
                    existing.add(user);
                }
            }
        }
        return existing;
    }

    @Override
    public Optional<User> user(String userId) {
        // One view serves one change, and the core reads a user several times per member of a large group
        // delta; the fold writes only after the core returned, so remembered reads stay true.
        return users.computeIfAbsent(userId, id ->
                Optional.ofNullable(UserValues.decode(stores.users().get(Keys.user(directoryId, id))))
                        .map(AvroMapping::toCore));
    }

    @Override
    public Optional<String> userIdByUserName(String userName) {
        return Optional.ofNullable(stores.userNames().get(userNameKey(directoryId, userName)));
    }

    @Override
    public List<String> userIdsByExternalId(String externalId) {
        // Index values are the ids; an externalId containing '/' can make the prefix meet a longer one, which the
        // core's check of the user's own externalId sorts out.
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> it = stores.externalIds().prefixScan(
                ProjectorTopology.externalIdPrefix(directoryId, externalId), KEYS)) {
            while (it.hasNext()) {
                ids.add(it.next().value);
            }
        }
        return ids;
    }

    @Override
    public Optional<Group> group(String groupId) {
        return Optional.ofNullable(stores.groups().get(Keys.user(directoryId, groupId))).map(AvroMapping::toCore);
    }

    @Override
    public Optional<String> groupIdByDisplayName(String displayName) {
        return Optional.ofNullable(stores.groupNames().get(userNameKey(directoryId, displayName)));
    }

    @Override
    public boolean isMember(String groupId, String userId) {
        return stores.members().get(pairKey(directoryId, groupId, userId)) != null;
    }

    @Override
    public List<String> members(String groupId) {
        return suffixes(stores.members(), Keys.user(directoryId, groupId) + "/");
    }

    @Override
    public List<String> groupsOf(String userId) {
        return suffixes(stores.userGroups(), Keys.user(directoryId, userId) + "/");
    }

    @Override
    public List<Group> existingGroups() {
        List<Group> groups = new ArrayList<>();
        try (KeyValueIterator<String, GroupState> it = stores.groups().prefixScan(directoryId + "/", KEYS)) {
            while (it.hasNext()) {
                groups.add(AvroMapping.toCore(it.next().value));
            }
        }
        return groups;
    }

    @Override
    public GuardPolicy guardPolicy() {
        return policy;
    }

    @Override
    public GuardState guard() {
        io.dirsync.schemas.GuardState state = stores.guard().get(directoryId);
        return state == null ? GuardState.INITIAL : AvroMapping.toCore(state);
    }

    @Override
    public Optional<Held> heldFor(String userId) {
        return Optional.ofNullable(stores.held().get(Keys.user(directoryId, userId))).map(AvroMapping::toCore);
    }

    @Override
    public List<Held> held() {
        List<Held> held = new ArrayList<>();
        try (KeyValueIterator<String, HeldCommand> it = stores.held().prefixScan(directoryId + "/", KEYS)) {
            while (it.hasNext()) {
                held.add(AvroMapping.toCore(it.next().value));
            }
        }
        return held;
    }

    static String userNameKey(String directoryId, String userName) {
        return Keys.user(directoryId, UserNames.normalize(userName));
    }

    /** Key of a membership, from either side: {@code dir/group/user} or {@code dir/user/group}. */
    static String pairKey(String directoryId, String first, String second) {
        return directoryId + "/" + first + "/" + second;
    }

    private static List<String> suffixes(KeyValueStore<String, Long> store, String prefix) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                ids.add(it.next().key.substring(prefix.length()));
            }
        }
        return ids;
    }
}
