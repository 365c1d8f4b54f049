package io.dirsync.ingest.workos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.schemas.ActivateDirectory;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateGroup;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DeleteDirectory;
import io.dirsync.schemas.DeleteGroup;
import io.dirsync.schemas.DeleteUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.UpdateGroup;
import io.dirsync.schemas.UserAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * WorkOS Directory Sync events (webhook body or Events API item, the same shape) to canonical changes: the one
 * place where WorkOS JSON meets the change model. Pure: time enters as {@code receivedAt}. The WorkOS event id is
 * the changeId, so the same event from a webhook and from the Events API is one change to the projector.
 *
 * <p>Lenient by design: missing {@code organization_id}, unknown fields, deprecated fields left empty
 * ({@code emails}, {@code username}, {@code job_title}, {@code raw_attributes}), unknown {@code state} values and
 * unknown event types (e.g. {@code dsync.token.*}) never fail; they are reported in {@link Mapped#notes()} so
 * the caller can count them. A user counts as active only when WorkOS says {@code state: active}: an unknown
 * state fails closed (leaver) rather than leaving access in place.
 */
public final class WorkosEventMapper {

    /** Every Directory Sync event type mapped; the Events API needs them listed (it has no catch-all). */
    public static final List<String> EVENT_TYPES = List.of(
            "dsync.activated", "dsync.deleted",
            "dsync.user.created", "dsync.user.updated", "dsync.user.deleted",
            "dsync.group.created", "dsync.group.updated", "dsync.group.deleted",
            "dsync.group.user_added", "dsync.group.user_removed");

    /** Ids become Kafka keys and change references: keep them plain. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What became of one event. */
    public enum Status {
        /** Mapped to one or more changes. */
        MAPPED,
        /** A type dirsync does not handle (counted, accepted). */
        IGNORED,
        /** Not a usable event (no id, no type, no directory); nothing can be derived from it. */
        MALFORMED
    }

    /**
     * The result of mapping one event.
     *
     * @param status         mapped, ignored or malformed
     * @param eventId        the WorkOS event id (null only when malformed)
     * @param eventType      the event type as sent
     * @param directoryId    the WorkOS directory_id, when the event has one
     * @param organizationId the organization id, when the event has one
     * @param occurredAt     the event's own time ({@code created_at})
     * @param changes        the changes, in the order they must be applied
     * @param notes          lenient-parsing observations to count (unknown type, unknown state ...)
     */
    public record Mapped(Status status, String eventId, String eventType, String directoryId, String organizationId,
                         Instant occurredAt, List<DirectoryChange> changes, List<String> notes) {
    }

    private WorkosEventMapper() {
    }

    public static Mapped map(JsonNode event, ChangeSource source, Instant receivedAt) {
        List<String> notes = new ArrayList<>();
        String id = text(event, "id");
        String type = text(event, "event");
        JsonNode data = event == null ? null : event.get("data");
        if (id == null || !ID.matcher(id).matches() || type == null || data == null || !data.isObject()) {
            return malformed(id, type, "malformed:event");
        }
        Instant createdAt = instant(event, "created_at", notes);
        Context c = new Context(id, source, receivedAt, notes);
        return switch (type) {
            case "dsync.activated" -> directory(c, type, data, createdAt, true);
            case "dsync.deleted" -> directory(c, type, data, createdAt, false);
            case "dsync.user.created", "dsync.user.updated" -> user(c, type, data, createdAt);
            case "dsync.user.deleted" -> {
                String dir = text(data, "directory_id");
                String userId = text(data, "id");
                if (!valid(dir) || !valid(userId)) {
                    yield malformed(id, type, "malformed:" + type);
                }
                Instant at = orElse(instant(data, "updated_at", notes), createdAt);
                yield mapped(c, type, dir, data, createdAt, List.of(
                        c.change(dir, at, DeleteUser.newBuilder().setUserId(userId).build())));
            }
            case "dsync.group.created", "dsync.group.updated", "dsync.group.deleted" -> group(c, type, data, createdAt);
            case "dsync.group.user_added", "dsync.group.user_removed" -> membership(c, type, data, createdAt);
            default -> {
                notes.add("unknown-event-type:" + type);
                yield new Mapped(Status.IGNORED, id, type, text(data, "directory_id"), text(data, "organization_id"),
                        createdAt, List.of(), List.copyOf(notes));
            }
        };
    }

    /**
     * The activation dirsync records on the first sight of a directory that did not announce itself with
     * {@code dsync.activated}. Its changeId is derived from the directory alone, so every instance and every
     * restart emits the same change and the projector keeps one.
     */
    public static DirectoryChange firstSight(String directoryId, String organizationId, ChangeSource source,
                                             Instant receivedAt) {
        ActivateDirectory activate = ActivateDirectory.newBuilder()
                .setOrganizationId(organizationId)
                .setExternalDirectoryId(directoryId)
                .build();
        return DirectoryChange.newBuilder()
                .setChangeId("workos-first-sight:" + directoryId)
                .setDirectoryId(directoryId)
                .setSource(source)
                .setReceivedAt(receivedAt)
                .setPayload(activate)
                .build();
    }

    // ------------------------------------------------------------------ per kind

    private static Mapped directory(Context c, String type, JsonNode data, Instant createdAt, boolean activated) {
        String dir = text(data, "id");
        if (!valid(dir)) {
            return malformed(c.eventId, type, "malformed:" + type);
        }
        Object payload = activated
                ? ActivateDirectory.newBuilder()
                        .setName(text(data, "name"))
                        .setOrganizationId(text(data, "organization_id"))
                        .setExternalDirectoryId(dir)
                        .setProvider(text(data, "type"))
                        .build()
                : DeleteDirectory.newBuilder().setReason(type).build();
        Mapped m = mapped(c, type, dir, data, createdAt, List.of(c.change(dir, createdAt, payload)));
        return new Mapped(m.status(), m.eventId(), m.eventType(), dir, text(data, "organization_id"), createdAt,
                m.changes(), m.notes());
    }

    private static Mapped user(Context c, String type, JsonNode data, Instant createdAt) {
        String dir = text(data, "directory_id");
        String userId = text(data, "id");
        if (!valid(dir) || !valid(userId)) {
            return malformed(c.eventId, type, "malformed:" + type);
        }
        UserAttributes user = attributes(data, c.notes);
        String document = document(data);
        // Attribute staleness is judged on the object's own updated_at (membership changes do not touch it).
        Instant at = orElse(instant(data, "updated_at", c.notes), createdAt);
        Object payload = type.endsWith(".created")
                ? CreateUser.newBuilder().setUserId(userId).setUser(user).setDocument(document).build()
                : ReplaceUser.newBuilder().setUserId(userId).setUser(user).setDocument(document).build();
        return mapped(c, type, dir, data, createdAt, List.of(c.change(dir, at, payload)));
    }

    private static Mapped group(Context c, String type, JsonNode data, Instant createdAt) {
        String dir = text(data, "directory_id");
        String groupId = text(data, "id");
        if (!valid(dir) || !valid(groupId)) {
            return malformed(c.eventId, type, "malformed:" + type);
        }
        Instant at = orElse(instant(data, "updated_at", c.notes), createdAt);
        String name = orElse(text(data, "name"), groupId);
        Object payload = switch (type) {
            case "dsync.group.created" -> CreateGroup.newBuilder().setGroupId(groupId).setDisplayName(name)
                    .setExternalId(text(data, "idp_id")).setDocument(document(data)).build();
            case "dsync.group.updated" -> UpdateGroup.newBuilder().setGroupId(groupId).setDisplayName(name)
                    .setExternalId(text(data, "idp_id")).setDocument(document(data)).build();
            default -> DeleteGroup.newBuilder().setGroupId(groupId).build();
        };
        return mapped(c, type, dir, data, createdAt, List.of(c.change(dir, at, payload)));
    }

    private static Mapped membership(Context c, String type, JsonNode data, Instant createdAt) {
        String dir = text(data, "directory_id");
        String userId = text(data.path("user"), "id");
        String groupId = text(data.path("group"), "id");
        if (!valid(dir) || !valid(userId) || !valid(groupId)) {
            return malformed(c.eventId, type, "malformed:" + type);
        }
        UpdateGroup.Builder delta = UpdateGroup.newBuilder().setGroupId(groupId);
        if (type.endsWith("user_added")) {
            delta.setAddMembers(List.of(userId));
        } else {
            delta.setRemoveMembers(List.of(userId));
        }
        // No occurredAt: membership order is the log's order; neither the user's nor the group's updated_at moves.
        String org = orElse(text(data, "organization_id"), text(data.path("user"), "organization_id"));
        Mapped m = mapped(c, type, dir, data, createdAt, List.of(c.change(dir, null, delta.build())));
        return new Mapped(m.status(), m.eventId(), m.eventType(), dir, org, createdAt, m.changes(), m.notes());
    }

    // ------------------------------------------------------------------ attributes

    /** WorkOS directory user to canonical attributes; reads {@code email} and {@code custom_attributes} first. */
    public static UserAttributes attributes(JsonNode u, List<String> notes) {
        JsonNode custom = u.path("custom_attributes");
        String email = orElse(text(u, "email"), primaryEmail(u));
        String userName = firstNonNull(email, text(u, "username"), text(u, "idp_id"), text(u, "id"));
        String given = text(u, "first_name");
        String family = text(u, "last_name");
        String display = given == null && family == null ? null
                : ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
        return UserAttributes.newBuilder()
                .setUserName(userName == null ? "" : userName)
                .setExternalId(text(u, "idp_id"))
                .setActive(active(u, notes))
                .setDisplayName(display == null || display.isEmpty() ? null : display)
                .setGivenName(given)
                .setFamilyName(family)
                .setEmail(email)
                .setDepartment(firstNonNull(text(custom, "department_name"), text(custom, "department")))
                .setTitle(firstNonNull(text(custom, "job_title"), text(custom, "title"), text(u, "job_title")))
                .setManagerId(firstNonNull(text(custom, "manager_id"), text(custom, "manager_email")))
                .build();
    }

    private static boolean active(JsonNode u, List<String> notes) {
        String state = text(u, "state");
        if (state == null) {
            notes.add("missing-user-state");
            return false;
        }
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "active" -> true;
            // suspended was folded into inactive by WorkOS; both are leavers.
            case "inactive", "suspended" -> false;
            default -> {
                notes.add("unknown-user-state:" + state);
                yield false;
            }
        };
    }

    private static String primaryEmail(JsonNode u) {
        String first = null;
        for (JsonNode e : u.path("emails")) {
            String value = text(e, "value");
            if (value != null && e.path("primary").asBoolean(false)) {
                return value;
            }
            first = first == null ? value : first;
        }
        return first;
    }

    /** The object as WorkOS sent it, minus the deprecated (and possibly large) raw_attributes. */
    static String document(JsonNode data) {
        ObjectNode copy = data.deepCopy();
        copy.remove("raw_attributes");
        try {
            return JSON.writeValueAsString(copy);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Context(String eventId, ChangeSource source, Instant receivedAt, List<String> notes) {
        DirectoryChange change(String directoryId, Instant occurredAt, Object payload) {
            return DirectoryChange.newBuilder()
                    .setChangeId(eventId)
                    .setDirectoryId(directoryId)
                    .setSource(source)
                    .setReceivedAt(receivedAt)
                    .setOccurredAt(occurredAt)
                    .setPayload(payload)
                    .build();
        }
    }

    private static Mapped mapped(Context c, String type, String dir, JsonNode data, Instant createdAt,
                                 List<DirectoryChange> changes) {
        return new Mapped(Status.MAPPED, c.eventId, type, dir, text(data, "organization_id"), createdAt, changes,
                List.copyOf(c.notes));
    }

    private static Mapped malformed(String id, String type, String note) {
        return new Mapped(Status.MALFORMED, id, type, null, null, null, List.of(), List.of(note));
    }

    private static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    private static Instant instant(JsonNode node, String field, List<String> notes) {
        String s = text(node, field);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            notes.add("unparsable-timestamp:" + field);
            return null;
        }
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
