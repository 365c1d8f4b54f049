package io.dirsync.projector.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical attributes of a user as the core sees them: already normalised by the edge, whatever
 * the source dialect was. {@code document} is the opaque source document, carried but never interpreted.
 */
public record UserData(
        String userName,
        String externalId,
        boolean active,
        String displayName,
        String givenName,
        String familyName,
        String email,
        String department,
        String title,
        String managerId,
        String document) {

    public UserData {
        Objects.requireNonNull(userName, "userName");
    }

    /** Canonical attributes by name, for diffs; the opaque document is not one of them. */
    public Map<String, String> attributes() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("userName", userName);
        values.put("externalId", externalId);
        values.put("active", Boolean.toString(active));
        values.put("displayName", displayName);
        values.put("givenName", givenName);
        values.put("familyName", familyName);
        values.put("email", email);
        values.put("department", department);
        values.put("title", title);
        values.put("managerId", managerId);
        return values;
    }

    public UserData withActive(boolean value) {
        return new UserData(userName, externalId, value, displayName, givenName, familyName, email,
                department, title, managerId, document);
    }
}
