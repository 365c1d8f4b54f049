package io.dirsync.projector.topology;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.Contract;
import io.dirsync.schemas.SchemaHistory;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The values of users-store: a {@link UserLifecycle} in single-object encoding, byte for byte what the fold
 * publishes on {@code dirsync.user-lifecycle}, so each user change is encoded once for both. Readers of the store
 * (the fold and the query API) decode through here.
 */
public final class UserValues {

    private static final AvroCodec<UserLifecycle> CODEC = AvroCodec.of(UserLifecycle.class);
    /** Single-object encoding: C3 01, then the writer schema's fingerprint (8 bytes, little-endian). */
    private static final int HEADER = 10;
    /**
     * Writer fingerprint → index of DELETED in its state enum, for every schema version whose first fields are
     * directoryId, userId (strings) and state: the state can then be read without decoding the rest.
     */
    private static final Map<Long, Integer> DELETED_INDEX = deletedIndexes();

    private UserValues() {
    }

    /** The stored user, or null for a missing value. */
    public static UserLifecycle decode(byte[] value) {
        return value == null ? null : CODEC.decode(value);
    }

    /**
     * Whether a stored user is deleted, from its state field alone. Listing a directory asks this of every user
     * to count the visible ones, and a full decode of each made a page of an Okta import cost a decode of the
     * whole directory. A value of a schema laid out otherwise is decoded in full.
     */
    public static boolean isDeleted(byte[] value) {
        Integer deleted = value.length > HEADER
                ? DELETED_INDEX.get(ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())
                : null;
        if (deleted != null && value[0] == (byte) 0xC3 && value[1] == 0x01) {
            try {
                BinaryDecoder in = DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, null);
                in.skipString();
                in.skipString();
                return in.readEnum() == deleted;
            } catch (IOException e) {
                // A corrupt body: let the full decode say so, as every other reader would.
            }
        }
        return decode(value).getState() == UserState.DELETED;
    }

    static byte[] encode(UserLifecycle user) {
        return CODEC.encode(user);
    }

    private static Map<Long, Integer> deletedIndexes() {
        List<Schema> versions = new ArrayList<>(SchemaHistory.of(UserLifecycle.class));
        versions.add(Contract.schemaOf(UserLifecycle.class));
        Map<Long, Integer> out = new HashMap<>();
        for (Schema schema : versions) {
            List<Schema.Field> fields = schema.getFields();
            if (fields.size() >= 3 && fields.get(0).schema().getType() == Schema.Type.STRING
                    && fields.get(1).schema().getType() == Schema.Type.STRING
                    && fields.get(2).name().equals("state") && fields.get(2).schema().getType() == Schema.Type.ENUM
                    && fields.get(2).schema().hasEnumSymbol(UserState.DELETED.name())) {
                out.put(SchemaNormalization.parsingFingerprint64(schema),
                        fields.get(2).schema().getEnumOrdinal(UserState.DELETED.name()));
            }
        }
        return Map.copyOf(out);
    }
}
