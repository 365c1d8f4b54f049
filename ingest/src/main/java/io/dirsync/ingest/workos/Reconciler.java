package io.dirsync.ingest.workos;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteGroup;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.UpdateGroup;
import io.dirsync.schemas.UserAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares one directory as WorkOS lists it with dirsync's folded state and derives RECONCILE changes for the
 * drift: users gone from WorkOS or inactive there but active in dirsync become leavers, users WorkOS has and dirsync
 * lacks become joiners, attribute and membership differences become updates. Every changeId is derived from the
 * directory, the object, the version dirsync held and a hash of the target state, so re-running against the same
 * state re-emits the same ids (the projector keeps one), re-running after success finds no drift, and a later
 * drift of the same object gets a new id.
 */
public final class Reconciler {

    /** Kinds of drift, as reported. */
    public static final List<String> KINDS = List.of("user.missing", "user.leaver.inactive", "user.leaver.gone",
            "user.gone", "user.rejoined", "user.attributes", "group.missing", "group.gone", "group.renamed",
            "membership.added", "membership.removed");

    /**
     * What reconciliation found and would emit.
     *
     * @param workosUsers   users WorkOS lists
     * @param workosGroups  groups WorkOS lists
     * @param dirsyncUsers  users dirsync holds
     * @param dirsyncGroups groups dirsync holds, or -1 when its projector serves none
     * @param drift         count per kind of drift (every kind present, zeros included)
     * @param changes       the changes that correct it
     */
    public record Report(int workosUsers, int workosGroups, int dirsyncUsers, int dirsyncGroups,
                         Map<String, Integer> drift, List<DirectoryChange> changes) {
    }

    private final WorkosApi workos;
    private final DirsyncState dirsync;

    public Reconciler(WorkosApi workos, DirsyncState dirsync) {
        this.workos = workos;
        this.dirsync = dirsync;
    }

    public Report reconcile(String directoryId, Instant now)
            throws WorkosApiException, IOException, InterruptedException {
        Map<String, Integer> drift = new LinkedHashMap<>();
        KINDS.forEach(k -> drift.put(k, 0));
        List<DirectoryChange> changes = new ArrayList<>();

        Map<String, JsonNode> wUsers = new TreeMap<>();
        for (JsonNode u : list(after -> workos.directoryUsers(directoryId, null, after))) {
            wUsers.put(u.path("id").asText(), u);
        }
        Map<String, DirsyncState.User> dUsers = new TreeMap<>();
        for (DirsyncState.User u : dirsync.users(directoryId)) {
            if (!"DELETED".equals(u.state())) {
                dUsers.put(u.userId(), u);
            }
        }
        for (Map.Entry<String, JsonNode> e : wUsers.entrySet()) {
            String userId = e.getKey();
            JsonNode w = e.getValue();
            UserAttributes target = WorkosEventMapper.attributes(w, new ArrayList<>());
            DirsyncState.User d = dUsers.get(userId);
            Instant occurredAt = instant(w.path("updated_at").asText(null));
            if (d == null) {
                if (target.getActive()) {
                    count(drift, "user.missing");
                    changes.add(change(directoryId, "user", userId, fingerprint(target), occurredAt, now,
                            CreateUser.newBuilder().setUserId(userId).setUser(target)
                                    .setDocument(WorkosEventMapper.document(w)).build()));
                }
                continue;
            }
            if (same(target, d.attributes()) && target.getActive() == d.active()) {
                continue;
            }
            String kind = d.active() && !target.getActive() ? "user.leaver.inactive"
                    : !d.active() && target.getActive() ? "user.rejoined" : "user.attributes";
            count(drift, kind);
            changes.add(change(directoryId, "user", userId, "v" + d.version() + "\n" + fingerprint(target), occurredAt, now,
                    ReplaceUser.newBuilder().setUserId(userId).setUser(target)
                            .setDocument(WorkosEventMapper.document(w)).build()));
        }
        for (DirsyncState.User d : dUsers.values()) {
            if (!wUsers.containsKey(d.userId())) {
                count(drift, d.active() ? "user.leaver.gone" : "user.gone");
                changes.add(change(directoryId, "user", d.userId(), "v" + d.version() + "\ndeleted", now, now,
                        DeleteUser.newBuilder().setUserId(d.userId()).build()));
            }
        }

        int wGroupCount = 0;
        int dGroupCount = -1;
        Optional<List<DirsyncState.Group>> groups = dirsync.groups(directoryId);
        List<JsonNode> wGroupList = list(after -> workos.directoryGroups(directoryId, after));
        wGroupCount = wGroupList.size();
        if (groups.isPresent()) {
            dGroupCount = groups.get().size();
            reconcileGroups(directoryId, wGroupList, groups.get(), wUsers, drift, changes, now);
        }
        return new Report(wUsers.size(), wGroupCount, dUsers.size(), dGroupCount, drift, changes);
    }

    private void reconcileGroups(String directoryId, List<JsonNode> wGroupList, List<DirsyncState.Group> dGroupList,
                                 Map<String, JsonNode> wUsers, Map<String, Integer> drift,
                                 List<DirectoryChange> changes, Instant now)
            throws WorkosApiException, IOException, InterruptedException {
        Map<String, DirsyncState.Group> dGroups = new TreeMap<>();
        dGroupList.forEach(g -> dGroups.put(g.groupId(), g));
        Map<String, JsonNode> wGroups = new TreeMap<>();
        wGroupList.forEach(g -> wGroups.put(g.path("id").asText(), g));

        for (Map.Entry<String, JsonNode> e : wGroups.entrySet()) {
            String groupId = e.getKey();
            JsonNode w = e.getValue();
            String name = Objects.requireNonNullElse(WorkosEventMapper.text(w, "name"), groupId);
            String externalId = WorkosEventMapper.text(w, "idp_id");
            TreeSet<String> wMembers = new TreeSet<>();
            for (JsonNode u : list(after -> workos.directoryUsers(directoryId, groupId, after))) {
                wMembers.add(u.path("id").asText());
            }
            DirsyncState.Group d = dGroups.get(groupId);
            if (d == null) {
                count(drift, "group.missing");
                changes.add(change(directoryId, "group", groupId, name + "\n" + externalId + "\n" + wMembers, null, now,
                        CreateGroup.newBuilder().setGroupId(groupId).setDisplayName(name).setExternalId(externalId)
                                .setDocument(WorkosEventMapper.document(w)).setAddMembers(List.copyOf(wMembers)).build()));
                continue;
            }
            TreeSet<String> dMembers = new TreeSet<>(dirsync.members(directoryId, groupId));
            TreeSet<String> add = new TreeSet<>(wMembers);
            add.removeAll(dMembers);
            TreeSet<String> remove = new TreeSet<>(dMembers);
            remove.removeAll(wMembers);
            boolean renamed = !Objects.equals(name, d.displayName()) || !Objects.equals(externalId, d.externalId());
            if (!renamed && add.isEmpty() && remove.isEmpty()) {
                continue;
            }
            if (renamed) {
                count(drift, "group.renamed");
            }
            drift.merge("membership.added", add.size(), Integer::sum);
            drift.merge("membership.removed", remove.size(), Integer::sum);
            UpdateGroup.Builder update = UpdateGroup.newBuilder().setGroupId(groupId)
                    .setAddMembers(List.copyOf(add)).setRemoveMembers(List.copyOf(remove));
            if (renamed) {
                update.setDisplayName(name).setExternalId(externalId).setDocument(WorkosEventMapper.document(w));
            }
            changes.add(change(directoryId, "group", groupId, "v" + d.version() + "\n"
                    + (renamed ? name + "\n" + externalId : "") + "\n+" + add + "\n-" + remove, null, now, update.build()));
        }
        for (DirsyncState.Group d : dGroups.values()) {
            if (!wGroups.containsKey(d.groupId())) {
                count(drift, "group.gone");
                changes.add(change(directoryId, "group", d.groupId(), "v" + d.version() + "\ndeleted", now, now,
                        DeleteGroup.newBuilder().setGroupId(d.groupId()).build()));
            }
        }
    }

    /** Reads every page of a WorkOS list. */
    private static List<JsonNode> list(PageReader reader) throws WorkosApiException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        do {
            WorkosApi.Page page = reader.read(after);
            all.addAll(page.data());
            after = page.after();
        } while (after != null);
        return all;
    }

    private interface PageReader {
        WorkosApi.Page read(String after) throws WorkosApiException, InterruptedException;
    }

    private static boolean same(UserAttributes a, UserAttributes b) {
        return fingerprint(a).equals(fingerprint(b));
    }

    /** The attributes reconciliation compares, in a fixed order (the source document is not compared). */
    private static String fingerprint(UserAttributes a) {
        return String.join("\n", a.getUserName(), String.valueOf(a.getExternalId()), String.valueOf(a.getActive()),
                String.valueOf(a.getDisplayName()), String.valueOf(a.getGivenName()), String.valueOf(a.getFamilyName()),
                String.valueOf(a.getEmail()), String.valueOf(a.getDepartment()), String.valueOf(a.getTitle()),
                String.valueOf(a.getManagerId()));
    }

    private static DirectoryChange change(String directoryId, String kind, String id, String target,
                                          Instant occurredAt, Instant now, Object payload) {
        String changeId = "reconcile:" + directoryId + ":" + kind + ":" + id + ":" + hash(target);
        return DirectoryChange.newBuilder()
                .setChangeId(changeId)
                .setDirectoryId(directoryId)
                .setSource(ChangeSource.RECONCILE)
                .setReceivedAt(now)
                .setOccurredAt(occurredAt)
                .setPayload(payload)
                .build();
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void count(Map<String, Integer> drift, String kind) {
        drift.merge(kind, 1, Integer::sum);
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
