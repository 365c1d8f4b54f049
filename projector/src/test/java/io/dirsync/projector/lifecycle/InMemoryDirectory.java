package io.dirsync.projector.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A directory held in maps, folding transitions the way the projector does with its stores. */
final class InMemoryDirectory implements Directory {

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, String> userNames = new LinkedHashMap<>();
    private final java.util.Set<String> applied = new java.util.HashSet<>();

    @Override
    public boolean applied(String changeId) {
        return applied.contains(changeId);
    }

    @Override
    public java.util.List<User> existingUsers() {
        return users.values().stream().filter(User::exists).toList();
    }

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
        for (Transition.Write w : t.writes()) {
            w.before().filter(User::exists).ifPresent(b -> userNames.remove(UserNames.normalize(b.data().userName())));
            if (w.after().exists()) {
                userNames.put(UserNames.normalize(w.after().data().userName()), w.after().userId());
            }
            users.put(w.after().userId(), w.after());
        }
        applied.add(change.changeId());
        return t;
    }
}
