package io.dirsync.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dirsync.schemas.SchemaHistory;
import io.dirsync.schemas.UndecodableRecordException;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Listing counts a directory's visible users from each stored value's state field alone: that reading must agree
 * with a full decode for every state, for values written with an older schema too, and fail as a decode does.
 */
class UserValuesTest {

    @Test
    void shouldTellADeletedUserFromTheStateFieldAloneForEveryState() {
        for (UserState state : UserState.values()) {
            byte[] value = UserValues.encode(user(state));

            assertThat(UserValues.isDeleted(value)).as(state.name()).isEqualTo(state == UserState.DELETED);
        }
    }

    @Test
    void shouldReadTheStateOfAValueWrittenWithTheFirstSchema() throws Exception {
        for (String state : new String[] {"ACTIVE", "DELETED"}) {
            Schema v1 = SchemaHistory.of(UserLifecycle.class).get(0);
            GenericRecord attributes = new GenericData.Record(v1.getField("user").schema());
            attributes.put("userName", "ada");
            attributes.put("active", true);
            GenericRecord record = new GenericData.Record(v1);
            record.put("directoryId", "dir-1");
            record.put("userId", "u-1");
            record.put("state", new GenericData.EnumSymbol(v1.getField("state").schema(), state));
            record.put("version", 4L);
            record.put("user", attributes);
            record.put("createdAt", 1L);
            record.put("lastModified", 2L);
            record.put("lastChangeId", "c-4");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(record, out);

            assertThat(UserValues.isDeleted(out.toByteArray())).as(state).isEqualTo(state.equals("DELETED"));
        }
    }

    @Test
    void shouldFailOnAnUnknownSchemaOrATruncatedBodyAsADecodeDoes() {
        byte[] value = UserValues.encode(user(UserState.DELETED));
        byte[] unknown = value.clone();
        unknown[5] ^= 0x5A;

        assertThatThrownBy(() -> UserValues.isDeleted(unknown)).isInstanceOf(UndecodableRecordException.class);
        assertThatThrownBy(() -> UserValues.isDeleted(Arrays.copyOf(value, 12)))
                .isInstanceOf(UndecodableRecordException.class);
    }

    private static UserLifecycle user(UserState state) {
        return UserLifecycle.newBuilder().setDirectoryId("dir-1").setUserId("u-1").setState(state).setVersion(1)
                .setUser(UserAttributes.newBuilder().setUserName("ada").setActive(state == UserState.ACTIVE).build())
                .setCreatedAt(Instant.EPOCH).setLastModified(Instant.EPOCH).setLastChangeId("c-1")
                .setEverActive(true).build();
    }
}
