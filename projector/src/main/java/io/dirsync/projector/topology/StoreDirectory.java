package io.dirsync.projector.topology;

import io.dirsync.projector.lifecycle.Directory;
import io.dirsync.projector.lifecycle.User;
import io.dirsync.projector.lifecycle.UserNames;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.UserLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The core's view of one directory, read from the projector's state stores. */
final class StoreDirectory implements Directory {

    private final String directoryId;
    private final KeyValueStore<String, UserLifecycle> users;
    private final KeyValueStore<String, String> userNames;
    private final KeyValueStore<String, Long> appliedChanges;

    StoreDirectory(String directoryId, KeyValueStore<String, UserLifecycle> users,
                   KeyValueStore<String, String> userNames, KeyValueStore<String, Long> appliedChanges) {
        this.directoryId = directoryId;
        this.users = users;
        this.userNames = userNames;
        this.appliedChanges = appliedChanges;
    }

    @Override
    public boolean applied(String changeId) {
        return appliedChanges.get(Keys.user(directoryId, changeId)) != null;
    }

    @Override
    public List<User> existingUsers() {
        List<User> existing = new ArrayList<>();
        try (KeyValueIterator<String, UserLifecycle> it = users.prefixScan(directoryId + "/", new StringSerializer())) {
            while (it.hasNext()) {
                User user = AvroMapping.toCore(it.next().value);
                if (user.exists()) {
                    existing.add(user);
                }
            }
        }
        return existing;
    }

    @Override
    public Optional<User> user(String userId) {
        return Optional.ofNullable(users.get(Keys.user(directoryId, userId))).map(AvroMapping::toCore);
    }

    @Override
    public Optional<String> userIdByUserName(String userName) {
        return Optional.ofNullable(userNames.get(userNameKey(directoryId, userName)));
    }

    static String userNameKey(String directoryId, String userName) {
        return Keys.user(directoryId, UserNames.normalize(userName));
    }
}
