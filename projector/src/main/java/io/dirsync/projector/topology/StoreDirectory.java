package io.dirsync.projector.topology;

import io.dirsync.projector.lifecycle.Directory;
import io.dirsync.projector.lifecycle.User;
import io.dirsync.projector.lifecycle.UserNames;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.UserLifecycle;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/** The core's view of one directory, read from the projector's state stores. */
final class StoreDirectory implements Directory {

    private final String directoryId;
    private final KeyValueStore<String, UserLifecycle> users;
    private final KeyValueStore<String, String> userNames;

    StoreDirectory(String directoryId, KeyValueStore<String, UserLifecycle> users,
                   KeyValueStore<String, String> userNames) {
        this.directoryId = directoryId;
        this.users = users;
        this.userNames = userNames;
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
