package io.dirsync.projector.lifecycle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A directory held in maps, folding transitions the way the projector does with its stores. */
final class InMemoryDirectory implements Directory {

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, String> userNames = new LinkedHashMap<>();
    private final Set<String> applied = new HashSet<>();
    private final Map<String, Group> groups = new TreeMap<>();
    private final Map<String, String> groupNames = new LinkedHashMap<>();
    private final Map<String, TreeSet<String>> members = new TreeMap<>();
    private final Map<String, TreeSet<String>> userGroups = new TreeMap<>();
    private final Map<String, Held> held = new TreeMap<>();
    private GuardState guard = GuardState.INITIAL;
    private GuardPolicy policy = GuardPolicy.DEFAULT;

    InMemoryDirectory withPolicy(GuardPolicy value) {
        this.policy = value;
        return this;
    }

    @Override
    public boolean applied(String changeId) {
        return applied.contains(changeId);
    }

    @Override
    public List<User> existingUsers() {
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

    @Override
    public List<String> userIdsByExternalId(String externalId) {
        return users.values().stream().filter(u -> u.exists() && externalId.equals(u.data().externalId()))
                .map(User::userId).sorted().toList();
    }

    @Override
    public Optional<Group> group(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    @Override
    public Optional<String> groupIdByDisplayName(String displayName) {
        return Optional.ofNullable(groupNames.get(UserNames.normalize(displayName)));
    }

    @Override
    public boolean isMember(String groupId, String userId) {
        return members.getOrDefault(groupId, new TreeSet<>()).contains(userId);
    }

    @Override
    public List<String> members(String groupId) {
        return List.copyOf(members.getOrDefault(groupId, new TreeSet<>()));
    }

    @Override
    public List<String> groupsOf(String userId) {
        return List.copyOf(userGroups.getOrDefault(userId, new TreeSet<>()));
    }

    @Override
    public List<Group> existingGroups() {
        return List.copyOf(groups.values());
    }

    @Override
    public GuardPolicy guardPolicy() {
        return policy;
    }

    @Override
    public GuardState guard() {
        return guard;
    }

    @Override
    public Optional<Held> heldFor(String userId) {
        return Optional.ofNullable(held.get(userId));
    }

    @Override
    public List<Held> held() {
        return new ArrayList<>(held.values());
    }

    Transition fold(Change change) {
        Transition t = Lifecycle.apply(this, change);
        for (Transition.Write w : t.writes()) {
            w.before().filter(User::exists).ifPresent(b -> userNames.remove(UserNames.normalize(b.data().userName()),
                    b.userId()));
            if (w.after().exists()) {
                userNames.put(UserNames.normalize(w.after().data().userName()), w.after().userId());
            }
            users.put(w.after().userId(), w.after());
        }
        for (Transition.GroupWrite w : t.groupWrites()) {
            w.before().ifPresent(b -> groupNames.remove(UserNames.normalize(b.displayName()), b.groupId()));
            w.after().ifPresent(a -> groupNames.put(UserNames.normalize(a.displayName()), a.groupId()));
            String groupId = w.after().or(w::before).orElseThrow().groupId();
            if (w.after().isPresent()) {
                groups.put(groupId, w.after().get());
            } else {
                groups.remove(groupId);
            }
        }
        for (Transition.MembershipWrite m : t.memberships()) {
            if (m.member()) {
                members.computeIfAbsent(m.groupId(), k -> new TreeSet<>()).add(m.userId());
                userGroups.computeIfAbsent(m.userId(), k -> new TreeSet<>()).add(m.groupId());
            } else {
                members.getOrDefault(m.groupId(), new TreeSet<>()).remove(m.userId());
                userGroups.getOrDefault(m.userId(), new TreeSet<>()).remove(m.groupId());
            }
        }
        for (Transition.HeldWrite h : t.heldWrites()) {
            if (h.held().isPresent()) {
                held.put(h.userId(), h.held().get());
            } else {
                held.remove(h.userId());
            }
        }
        t.guard().ifPresent(g -> guard = g);
        if (Lifecycle.needsLedger(change)) {
            applied.add(change.changeId());
        }
        return t;
    }
}
