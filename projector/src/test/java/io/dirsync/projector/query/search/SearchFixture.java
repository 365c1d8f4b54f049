package io.dirsync.projector.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.projector.topology.FoldMetrics;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.AvroSerde;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteGroup;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.GroupState;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UpdateGroup;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The real topology in a TopologyTestDriver, fed SCIM-shaped changes, with search sources over its stores:
 * searches in these tests read exactly the stores (and indexes) the fold wrote.
 */
final class SearchFixture implements AutoCloseable {

    static final String DIR = "dir-1";

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> input;
    private final AvroSerde<DirectoryChange> changes = new AvroSerde<>(DirectoryChange.class);
    private final AtomicLong sequence = new AtomicLong();
    private Instant clock = Instant.parse("2011-05-13T04:42:30Z");

    SearchFixture() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "search-test-" + System.nanoTime());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ProjectorTopology.build(new FoldMetrics()), props);
        input = driver.createInputTopic(Topics.DIRECTORY_CHANGES, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    /** Every later change is received at this instant (meta.created / lastModified). */
    SearchFixture at(String instant) {
        clock = Instant.parse(instant);
        return this;
    }

    void createUser(String userId, String json) {
        ObjectNode doc = parse(json);
        send(CreateUser.newBuilder().setUserId(userId).setUser(canonical(doc)).setDocument(doc.toString()).build());
    }

    void replaceUser(String userId, String json) {
        ObjectNode doc = parse(json);
        send(ReplaceUser.newBuilder().setUserId(userId).setUser(canonical(doc)).setDocument(doc.toString()).build());
    }

    void deleteUser(String userId) {
        send(DeleteUser.newBuilder().setUserId(userId).build());
    }

    void createGroup(String groupId, String displayName, String externalId, List<String> members) {
        send(CreateGroup.newBuilder().setGroupId(groupId).setDisplayName(displayName).setExternalId(externalId)
                .setDocument("{\"displayName\":" + JsonUtils.getJsonNodeFactory().textNode(displayName) + "}")
                .setAddMembers(members).build());
    }

    void updateGroup(String groupId, String externalId, List<String> add, List<String> remove) {
        send(UpdateGroup.newBuilder().setGroupId(groupId).setExternalId(externalId).setAddMembers(add)
                .setRemoveMembers(remove).build());
    }

    void deleteGroup(String groupId) {
        send(DeleteGroup.newBuilder().setGroupId(groupId).build());
    }

    UserSearchSource users() {
        return new UserSearchSource(DIR, driver.getKeyValueStore(ProjectorTopology.USERS_STORE),
                driver.getKeyValueStore(ProjectorTopology.USERNAMES_STORE),
                driver.getKeyValueStore(ProjectorTopology.EXTERNALIDS_STORE),
                driver.getKeyValueStore(ProjectorTopology.MEMBERS_STORE),
                driver.getKeyValueStore(ProjectorTopology.USER_GROUPS_STORE));
    }

    GroupSearchSource groups() {
        return new GroupSearchSource(DIR, driver.<String, GroupState>getKeyValueStore(ProjectorTopology.GROUPS_STORE),
                driver.getKeyValueStore(ProjectorTopology.GROUPNAMES_STORE),
                driver.getKeyValueStore(ProjectorTopology.GROUP_EXTERNALIDS_STORE),
                driver.getKeyValueStore(ProjectorTopology.MEMBERS_STORE),
                driver.getKeyValueStore(ProjectorTopology.USER_GROUPS_STORE));
    }

    <V> org.apache.kafka.streams.state.KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** User ids matching, in result order. */
    List<String> userIds(String filter) {
        return userIds(filter, null, null, 1, 1000);
    }

    List<String> userIds(String filter, String sortBy, String sortOrder, int startIndex, int count) {
        return searchUsers(users(), filter, sortBy, sortOrder, startIndex, count).items().stream()
                .map(UserLifecycle::getUserId).toList();
    }

    static <T> Searcher.Page<T> searchUsers(SearchSource<T> source, String filter, String sortBy, String sortOrder,
                                            int startIndex, int count) {
        SearchFilter parsed = filter == null ? null : SearchFilter.parse(filter, source.kind(), SearchLimits.DEFAULT);
        return Searcher.search(source, parsed, SortSpec.parse(sortBy, sortOrder, source.kind()), startIndex, count);
    }

    List<String> groupIds(String filter) {
        return searchUsers(groups(), filter, null, null, 1, 1000).items().stream().map(GroupState::getGroupId).toList();
    }

    private void send(Object payload) {
        DirectoryChange change = DirectoryChange.newBuilder()
                .setChangeId("c" + sequence.incrementAndGet())
                .setDirectoryId(DIR)
                .setSource(ChangeSource.SCIM)
                .setReceivedAt(clock)
                .setPayload(payload)
                .build();
        input.pipeInput(DIR, changes.serializer().serialize(Topics.DIRECTORY_CHANGES, change));
    }

    /** The canonical attributes the SCIM edge derives (enough of them for the fold). */
    private static UserAttributes canonical(ObjectNode doc) {
        JsonNode active = doc.get("active");
        return UserAttributes.newBuilder()
                .setUserName(doc.path("userName").asText())
                .setExternalId(doc.hasNonNull("externalId") ? doc.get("externalId").asText() : null)
                .setActive(active == null || active.asBoolean() || "true".equalsIgnoreCase(active.asText()))
                .setTitle(doc.hasNonNull("title") ? doc.get("title").asText() : null)
                .build();
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JsonUtils.getObjectReader().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
