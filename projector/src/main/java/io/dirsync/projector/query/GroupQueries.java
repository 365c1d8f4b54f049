package io.dirsync.projector.query;

import io.dirsync.projector.lifecycle.UserNames;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.projector.topology.UserValues;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.GuardState;
import io.dirsync.schemas.HeldCommand;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over groups, memberships and the guard. A group's members are read one membership
 * record at a time, so a page of members or a group without its members costs the same at any group size;
 * a member's display name is read from the user at query time, so it is always current.
 */
@Singleton
public final class GroupQueries {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;

    public GroupQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public Optional<GroupState> byId(UserQueries.Owner owner, String directoryId, String groupId) {
        return Optional.ofNullable(store(owner, ProjectorTopology.GROUPS_STORE, GroupState.class)
                .get(Keys.user(directoryId, groupId)));
    }

    public Optional<GroupState> byDisplayName(UserQueries.Owner owner, String directoryId, String displayName) {
        String groupId = store(owner, ProjectorTopology.GROUPNAMES_STORE, String.class)
                .get(Keys.user(directoryId, UserNames.normalize(displayName)));
        return groupId == null ? Optional.empty() : byId(owner, directoryId, groupId);
    }

    /** One page of groups in stable (groupId) order; {@code startIndex} is 1-based. */
    public Page<GroupState> page(UserQueries.Owner owner, String directoryId, int startIndex, int count) {
        return page(store(owner, ProjectorTopology.GROUPS_STORE, GroupState.class), directoryId + "/", startIndex,
                count, (key, value) -> value);
    }

    /** One page of a group's members in stable (userId) order, each with the user's current names. */
    public Page<Member> members(UserQueries.Owner owner, String directoryId, String groupId, int startIndex,
                                int count) {
        ReadOnlyKeyValueStore<String, byte[]> users = store(owner, ProjectorTopology.USERS_STORE, byte[].class);
        String prefix = Keys.user(directoryId, groupId) + "/";
        return page(store(owner, ProjectorTopology.MEMBERS_STORE, Long.class), prefix, startIndex, count,
                (key, value) -> member(users, directoryId, key.substring(prefix.length())));
    }

    /** The groups a user is a member of. */
    public List<GroupState> groupsOf(UserQueries.Owner owner, String directoryId, String userId) {
        String prefix = Keys.user(directoryId, userId) + "/";
        ReadOnlyKeyValueStore<String, GroupState> groups = store(owner, ProjectorTopology.GROUPS_STORE, GroupState.class);
        List<GroupState> result = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store(owner, ProjectorTopology.USER_GROUPS_STORE, Long.class)
                .prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                GroupState group = groups.get(Keys.user(directoryId, it.next().key.substring(prefix.length())));
                if (group != null) {
                    result.add(group);
                }
            }
        }
        return result;
    }

    public Optional<GuardState> guard(UserQueries.Owner owner, String directoryId) {
        return Optional.ofNullable(store(owner, ProjectorTopology.GUARD_STORE, GuardState.class).get(directoryId));
    }

    public List<HeldCommand> held(UserQueries.Owner owner, String directoryId) {
        List<HeldCommand> held = new ArrayList<>();
        try (KeyValueIterator<String, HeldCommand> it = store(owner, ProjectorTopology.HELD_STORE, HeldCommand.class)
                .prefixScan(directoryId + "/", KEYS)) {
            it.forEachRemaining(kv -> held.add(kv.value));
        }
        return held;
    }

    private static Member member(ReadOnlyKeyValueStore<String, byte[]> users, String directoryId,
                                 String userId) {
        UserLifecycle user = UserValues.decode(users.get(Keys.user(directoryId, userId)));
        if (user == null || user.getState() == UserState.DELETED) {
            return new Member(userId, null, null);
        }
        return new Member(userId, user.getUser().getUserName(), user.getUser().getDisplayName());
    }

    private static <V, T> Page<T> page(ReadOnlyKeyValueStore<String, V> store, String prefix, int startIndex,
                                       int count, java.util.function.BiFunction<String, V, T> map) {
        List<T> items = new ArrayList<>();
        long total = 0;
        int skip = Math.max(1, startIndex) - 1;
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                var kv = it.next();
                if (total >= skip && items.size() < count) {
                    items.add(map.apply(kv.key, kv.value));
                }
                total++;
            }
        }
        return new Page<>(total, Math.max(1, startIndex), items);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(UserQueries.Owner owner, String name, Class<V> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.<String, V>keyValueStore()).withPartition(owner.partition()));
    }

    /** A group member as listed: the user's id and current names (null when the user is gone). */
    public record Member(String userId, String userName, String displayName) {
    }

    /** A page and the total count. */
    public record Page<T>(long totalResults, int startIndex, List<T> items) {
    }
}
