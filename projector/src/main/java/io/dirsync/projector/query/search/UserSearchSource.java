package io.dirsync.projector.query.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.projector.lifecycle.UserNames;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.projector.topology.UserValues;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A directory's users for a search, over the fold's stores: {@code id}, {@code userName} (case-insensitive,
 * through usernames-store), {@code externalId} (case-exact, through externalids-store) and {@code groups}
 * (the group's members in group-members-store) are index lookups; deleted users are never yielded.
 */
public final class UserSearchSource implements SearchSource<UserLifecycle> {

    private static final StringSerializer KEYS = new StringSerializer();
    private static final Set<String> INDEXED = Set.of("id", "username", "externalid", "groups");
    // id and externalId exactly, userName without case (as usernames-store keys it and RFC 7643 §4.1.1 compares it).
    private static final Set<String> EXACT = Set.of("id", "username", "externalid");

    private final String directoryId;
    private final ReadOnlyKeyValueStore<String, byte[]> users;
    private final ReadOnlyKeyValueStore<String, String> userNames;
    private final ReadOnlyKeyValueStore<String, String> externalIds;
    private final ReadOnlyKeyValueStore<String, Long> members;
    private final ReadOnlyKeyValueStore<String, Long> userGroups;

    public UserSearchSource(String directoryId, ReadOnlyKeyValueStore<String, byte[]> users,
                            ReadOnlyKeyValueStore<String, String> userNames,
                            ReadOnlyKeyValueStore<String, String> externalIds,
                            ReadOnlyKeyValueStore<String, Long> members,
                            ReadOnlyKeyValueStore<String, Long> userGroups) {
        this.directoryId = directoryId;
        this.users = users;
        this.userNames = userNames;
        this.externalIds = externalIds;
        this.members = members;
        this.userGroups = userGroups;
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.USER;
    }

    @Override
    public Set<String> indexed() {
        return INDEXED;
    }

    @Override
    public Set<String> exact() {
        return EXACT;
    }

    @Override
    public List<UserLifecycle> lookup(String attribute, String value) {
        return switch (attribute) {
            case "id" -> byId(value);
            case "username" -> {
                String userId = userNames.get(Keys.user(directoryId, UserNames.normalize(value)));
                yield userId == null ? List.of() : byId(userId);
            }
            case "externalid" -> {
                List<UserLifecycle> found = new ArrayList<>();
                String prefix = ProjectorTopology.externalIdPrefix(directoryId, value);
                try (KeyValueIterator<String, String> it = externalIds.prefixScan(prefix, KEYS)) {
                    while (it.hasNext()) {
                        // A longer externalId containing '/' shares the prefix: keep exact matches only.
                        byId(it.next().value).stream()
                                .filter(u -> Objects.equals(u.getUser().getExternalId(), value))
                                .forEach(found::add);
                    }
                }
                yield found;
            }
            case "groups" -> {
                List<UserLifecycle> found = new ArrayList<>();
                String prefix = Keys.user(directoryId, value) + "/";
                try (KeyValueIterator<String, Long> it = members.prefixScan(prefix, KEYS)) {
                    while (it.hasNext()) {
                        found.addAll(byId(it.next().key.substring(prefix.length())));
                    }
                }
                yield found;
            }
            default -> throw new IllegalArgumentException("not indexed: " + attribute);
        };
    }

    @Override
    public void scan(Consumer<UserLifecycle> each) {
        try (KeyValueIterator<String, byte[]> it = users.prefixScan(directoryId + "/", KEYS)) {
            while (it.hasNext()) {
                UserLifecycle user = UserValues.decode(it.next().value);
                if (visible(user)) {
                    each.accept(user);
                }
            }
        }
    }

    @Override
    public String id(UserLifecycle user) {
        return user.getUserId();
    }

    @Override
    public ObjectNode view(UserLifecycle user) {
        return ScimViews.user(user);
    }

    @Override
    public ArrayNode related(UserLifecycle user, Set<String> groupIds) {
        ArrayNode groups = JsonUtils.getJsonNodeFactory().arrayNode();
        String prefix = Keys.user(directoryId, user.getUserId()) + "/";
        for (String groupId : groupIds) {
            if (userGroups.get(prefix + groupId) != null) {
                groups.addObject().put("value", groupId);
            }
        }
        // Is the user in any group not named by the filter? Stop at the first such group.
        try (KeyValueIterator<String, Long> it = userGroups.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                if (!groupIds.contains(it.next().key.substring(prefix.length()))) {
                    groups.addObject().put("value", "");
                    break;
                }
            }
        }
        return groups;
    }

    private List<UserLifecycle> byId(String userId) {
        UserLifecycle user = UserValues.decode(users.get(Keys.user(directoryId, userId)));
        return user != null && visible(user) ? List.of(user) : List.of();
    }

    private static boolean visible(UserLifecycle user) {
        return user.getState() != UserState.DELETED;
    }
}
