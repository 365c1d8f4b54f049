package io.dirsync.projector.query;

import io.dirsync.projector.lifecycle.UserNames;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.projector.topology.UserValues;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the fold's stores. All users of a directory live in the partition of the
 * directoryId (the change log's key), so one lookup of the directory's owner answers every query about it.
 * Deleted users are invisible to reads.
 */
@Singleton
public final class UserQueries {

    private final KafkaStreams streams;

    public UserQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Where the directory's state lives right now; empty while the group is (re)balancing. */
    public Optional<Owner> owner(String directoryId) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        KeyQueryMetadata meta = streams.queryMetadataForKey(ProjectorTopology.USERS_STORE, directoryId,
                Serdes.String().serializer());
        if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
            return Optional.empty();
        }
        return Optional.of(new Owner(meta.activeHost(), meta.partition()));
    }

    public Optional<UserLifecycle> byId(Owner owner, String directoryId, String userId) {
        return Optional.ofNullable(UserValues.decode(users(owner).get(Keys.user(directoryId, userId))))
                .filter(user -> user.getState() != UserState.DELETED);
    }

    public Optional<UserLifecycle> byUserName(Owner owner, String directoryId, String userName) {
        String userId = userNames(owner).get(Keys.user(directoryId, UserNames.normalize(userName)));
        return userId == null ? Optional.empty() : byId(owner, directoryId, userId);
    }

    /** One page in stable (userId) order; {@code startIndex} is 1-based as in SCIM. */
    public Page page(Owner owner, String directoryId, int startIndex, int count) {
        try (KeyValueIterator<String, byte[]> it =
                     users(owner).prefixScan(directoryId + "/", new StringSerializer())) {
            return page(it, startIndex, count);
        }
    }

    /** The page of a directory's stored users, in store order, and how many of them are visible (not deleted). */
    static Page page(KeyValueIterator<String, byte[]> users, int startIndex, int count) {
        List<UserLifecycle> items = new ArrayList<>();
        long total = 0;
        int skip = Math.max(1, startIndex) - 1;
        while (users.hasNext()) {
            // Only the page's users are decoded; the others are counted from their state field.
            byte[] value = users.next().value;
            if (UserValues.isDeleted(value)) {
                continue;
            }
            if (total >= skip && items.size() < count) {
                items.add(UserValues.decode(value));
            }
            total++;
        }
        return new Page(total, Math.max(1, startIndex), items);
    }

    private ReadOnlyKeyValueStore<String, byte[]> users(Owner owner) {
        return streams.store(StoreQueryParameters.fromNameAndType(ProjectorTopology.USERS_STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(owner.partition()));
    }

    private ReadOnlyKeyValueStore<String, String> userNames(Owner owner) {
        return streams.store(StoreQueryParameters.fromNameAndType(ProjectorTopology.USERNAMES_STORE,
                QueryableStoreTypes.<String, String>keyValueStore()).withPartition(owner.partition()));
    }

    /** The instance and partition that own a directory. */
    public record Owner(HostInfo host, int partition) {
    }

    /** A page of users and the total count of visible users of the directory. */
    public record Page(long totalResults, int startIndex, List<UserLifecycle> items) {
    }
}
