package io.dirsync.projector.query.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.projector.lifecycle.UserNames;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A directory's groups for a search, over the fold's stores: {@code id}, {@code displayName}
 * (case-insensitive, groupnames-store), {@code externalId} (case-exact, group-externalids-store) and
 * {@code members} (the user's groups in user-groups-store) are index lookups. Members are never loaded
 * wholesale: a filter on them costs one membership lookup per id it names.
 */
public final class GroupSearchSource implements SearchSource<GroupState> {

    private static final StringSerializer KEYS = new StringSerializer();
    private static final Set<String> INDEXED = Set.of("id", "displayname", "externalid", "members");
    // id and externalId exactly, displayName without case (as groupnames-store keys it).
    private static final Set<String> EXACT = Set.of("id", "displayname", "externalid");

    private final String directoryId;
    private final ReadOnlyKeyValueStore<String, GroupState> groups;
    private final ReadOnlyKeyValueStore<String, String> groupNames;
    private final ReadOnlyKeyValueStore<String, String> externalIds;
    private final ReadOnlyKeyValueStore<String, Long> members;
    private final ReadOnlyKeyValueStore<String, Long> userGroups;

    public GroupSearchSource(String directoryId, ReadOnlyKeyValueStore<String, GroupState> groups,
                             ReadOnlyKeyValueStore<String, String> groupNames,
                             ReadOnlyKeyValueStore<String, String> externalIds,
                             ReadOnlyKeyValueStore<String, Long> members,
                             ReadOnlyKeyValueStore<String, Long> userGroups) {
        this.directoryId = directoryId;
        this.groups = groups;
        this.groupNames = groupNames;
        this.externalIds = externalIds;
        this.members = members;
        this.userGroups = userGroups;
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.GROUP;
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
    public List<GroupState> lookup(String attribute, String value) {
        return switch (attribute) {
            case "id" -> byId(value);
            case "displayname" -> {
                String groupId = groupNames.get(Keys.user(directoryId, UserNames.normalize(value)));
                yield groupId == null ? List.of() : byId(groupId);
            }
            case "externalid" -> {
                List<GroupState> found = new ArrayList<>();
                try (KeyValueIterator<String, String> it =
                             externalIds.prefixScan(ProjectorTopology.externalIdPrefix(directoryId, value), KEYS)) {
                    while (it.hasNext()) {
                        // A longer externalId containing '/' shares the prefix: keep exact matches only.
                        byId(it.next().value).stream()
                                .filter(g -> Objects.equals(g.getExternalId(), value))
                                .forEach(found::add);
                    }
                }
                yield found;
            }
            case "members" -> {
                List<GroupState> found = new ArrayList<>();
                String prefix = Keys.user(directoryId, value) + "/";
                try (KeyValueIterator<String, Long> it = userGroups.prefixScan(prefix, KEYS)) {
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
    public void scan(Consumer<GroupState> each) {
        try (KeyValueIterator<String, GroupState> it = groups.prefixScan(directoryId + "/", KEYS)) {
            while (it.hasNext()) {
                each.accept(it.next().value);
            }
        }
    }

    @Override
    public String id(GroupState group) {
        return group.getGroupId();
    }

    @Override
    public ObjectNode view(GroupState group) {
        return ScimViews.group(group);
    }

    @Override
    public ArrayNode related(GroupState group, Set<String> userIds) {
        ArrayNode list = JsonUtils.getJsonNodeFactory().arrayNode();
        String prefix = Keys.user(directoryId, group.getGroupId()) + "/";
        for (String userId : userIds) {
            if (members.get(prefix + userId) != null) {
                list.addObject().put("value", userId);
            }
        }
        // The group's member count tells whether it has members the filter does not name.
        if (group.getMemberCount() > list.size()) {
            list.addObject().put("value", "");
        }
        return list;
    }

    private List<GroupState> byId(String groupId) {
        GroupState group = groups.get(Keys.user(directoryId, groupId));
        return group == null ? List.of() : List.of(group);
    }
}
