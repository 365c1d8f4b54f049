package io.dirsync.ingest.scim;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a successful PATCH is answered, because clients disagree: 200 with the resource (RFC 7644 §3.5.2 allows
 * either) is the default for Users, 204 for Groups (what Entra expects, and cheap for large groups). Per
 * directory: {@code dir-a=users:204,groups:200;dir-b=groups:200} ({@code dirsync.scim.patch.*},
 * env {@code DIRSYNC_SCIM_PATCH_*}).
 *
 * @param users     default status for a User PATCH (200 or 204)
 * @param groups    default status for a Group PATCH (200 or 204)
 * @param overrides per-directory overrides
 */
@ConfigurationProperties("dirsync.scim.patch")
public record PatchResponses(
        @Bindable(defaultValue = "200") int users,
        @Bindable(defaultValue = "204") int groups,
        @Nullable String overrides) {

    public PatchResponses {
        check(users, "users");
        check(groups, "groups");
    }

    int forGroups(String directoryId) {
        return parse().getOrDefault(directoryId + "/groups", groups);
    }

    int forUsers(String directoryId) {
        return parse().getOrDefault(directoryId + "/users", users);
    }

    private Map<String, Integer> parse() {
        Map<String, Integer> out = new HashMap<>();
        if (overrides == null || overrides.isBlank()) {
            return out;
        }
        for (String entry : overrides.split(";")) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("PATCH response override '" + entry + "' is not directory=kind:status");
            }
            for (String item : kv[1].split(",")) {
                String[] ks = item.trim().split(":", 2);
                int status = Integer.parseInt(ks[1].trim());
                check(status, ks[0]);
                out.put(kv[0].trim() + "/" + ks[0].trim().toLowerCase(Locale.ROOT), status);
            }
        }
        return out;
    }

    private static void check(int status, String what) {
        if (status != 200 && status != 204) {
            throw new IllegalArgumentException("PATCH response for " + what + " must be 200 or 204, not " + status);
        }
    }
}
