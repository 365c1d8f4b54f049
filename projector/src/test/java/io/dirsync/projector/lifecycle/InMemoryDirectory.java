package io.dirsync.projector.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A directory held in maps, folding transitions the way the projector does with its stores. */
final class InMemoryDirectory implements Directory {

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, String> userNames = new LinkedHashMap<>();

    @Override
    public Optional<User> user(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    @Override
    public Optional<String> userIdByUserName(String userName) {
        return Optional.ofNullable(userNames.get(UserNames.normalize(userName)));
    }

    Transition fold(Change change) {
        Transition t = Lifecycle.apply(this, change);
        t.after().ifPresent(after -> {
            t.before().filter(User::exists).ifPresent(b -> userNames.remove(UserNames.normalize(b.data().userName())));
            if (after.exists()) {
                userNames.put(UserNames.normalize(after.data().userName()), after.userId());
            }
            users.put(after.userId(), after);
        });
        return t;
    }
}
