package io.dirsync.schemas;

/** Record keys of the per-user topics: {@code directoryId/userId}. */
public final class Keys {

    private Keys() {
    }

    public static String user(String directoryId, String userId) {
        return directoryId + "/" + userId;
    }

    /** The directory part of a per-user key. */
    public static String directoryOf(String userKey) {
        int slash = userKey.indexOf('/');
        return slash < 0 ? userKey : userKey.substring(0, slash);
    }
}
