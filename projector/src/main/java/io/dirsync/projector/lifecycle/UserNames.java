package io.dirsync.projector.lifecycle;

import java.util.Locale;

/** userName is unique per directory case-insensitively (RFC 7643 §4.1.1 makes it caseExact=false). */
public final class UserNames {

    private UserNames() {
    }

    public static String normalize(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
