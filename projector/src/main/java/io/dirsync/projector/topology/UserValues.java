package io.dirsync.projector.topology;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.UserLifecycle;

/**
 * The values of users-store: a {@link UserLifecycle} in single-object encoding, byte for byte what the fold
 * publishes on {@code dirsync.user-lifecycle}, so each user change is encoded once for both. Readers of the store
 * (the fold and the query API) decode through here.
 */
public final class UserValues {

    private static final AvroCodec<UserLifecycle> CODEC = AvroCodec.of(UserLifecycle.class);

    private UserValues() {
    }

    /** The stored user, or null for a missing value. */
    public static UserLifecycle decode(byte[] value) {
        return value == null ? null : CODEC.decode(value);
    }

    static byte[] encode(UserLifecycle user) {
        return CODEC.encode(user);
    }
}
