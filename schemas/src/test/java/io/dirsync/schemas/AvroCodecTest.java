package io.dirsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    private final AvroCodec<DirectoryChange> codec = AvroCodec.of(DirectoryChange.class);

    static DirectoryChange aChange() {
        return DirectoryChange.newBuilder()
                .setChangeId("c-1")
                .setDirectoryId("dir-1")
                .setSource(ChangeSource.SCIM)
                .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setOccurredAt(Instant.ofEpochMilli(1_699_999_999_000L))
                .setRequestId("r-1")
                .setExpectedVersion(3L)
                .setPayload(CreateUser.newBuilder()
                        .setUserId("u-1")
                        .setUser(UserAttributes.newBuilder().setUserName("ada@example.com").setActive(true).build())
                        .setDocument("{\"userName\":\"ada@example.com\"}")
                        .build())
                .build();
    }

    @Test
    void shouldRoundTripAChangeWithNullableLogicalTypesInUnions() {
        DirectoryChange change = aChange();

        DirectoryChange decoded = codec.decode(codec.encode(change));

        assertThat(decoded).isEqualTo(change);
        assertThat(decoded.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_699_999_999_000L));
    }

    @Test
    void shouldWriteTheSingleObjectHeaderWithTheSchemaFingerprint() {
        byte[] bytes = codec.encode(aChange());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(
                org.apache.avro.SchemaNormalization.parsingFingerprint64(DirectoryChange.getClassSchema()));
    }

    @Test
    void shouldDecodeRecordsWrittenWithAHistoricalSchema() throws Exception {
        Schema v1 = SchemaHistory.of(DirectoryChange.class).get(0);
        GenericRecord user = new GenericData.Record(v1.getField("payload").schema().getTypes().get(2));
        user.put("userId", "u-9");
        GenericRecord record = new GenericData.Record(v1);
        record.put("changeId", "c-9");
        record.put("directoryId", "dir-9");
        record.put("source", new GenericData.EnumSymbol(v1.getField("source").schema(), "SCIM"));
        record.put("receivedAt", 1L);
        record.put("payload", user);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(record, out);

        DirectoryChange decoded = codec.decode(out.toByteArray());

        assertThat(decoded.getChangeId()).isEqualTo("c-9");
        assertThat(decoded.getPayload()).isEqualTo(DeleteUser.newBuilder().setUserId("u-9").build());
    }

    @Test
    void shouldFillFieldsAddedSinceVersionOneWithTheirDefaults() throws Exception {
        Schema v1 = SchemaHistory.of(UserLifecycle.class).get(0);
        GenericRecord attributes = new GenericData.Record(v1.getField("user").schema());
        attributes.put("userName", "ada");
        attributes.put("active", true);
        GenericRecord record = new GenericData.Record(v1);
        record.put("directoryId", "dir-1");
        record.put("userId", "u-1");
        record.put("state", new GenericData.EnumSymbol(v1.getField("state").schema(), "INACTIVE"));
        record.put("version", 4L);
        record.put("user", attributes);
        record.put("createdAt", 1L);
        record.put("lastModified", 2L);
        record.put("lastChangeId", "c-4");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(record, out);

        UserLifecycle decoded = AvroCodec.of(UserLifecycle.class).decode(out.toByteArray());

        assertThat(decoded.getState()).isEqualTo(UserState.INACTIVE);
        assertThat(decoded.getEverActive()).isTrue();
        assertThat(decoded.getLastOccurredAt()).isNull();
    }

    @Test
    void shouldRejectAnUnknownSchemaFingerprint() {
        byte[] bytes = codec.encode(aChange());
        bytes[5] ^= 0x5A;

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("DirectoryChange");
    }

    @Test
    void shouldRejectBytesThatAreNotSingleObjectEncoded() {
        assertThatThrownBy(() -> codec.decode("{\"not\":\"avro\"}".getBytes()))
                .isInstanceOf(UndecodableRecordException.class);
    }

    @Test
    void shouldRoundTripEveryContractTypeThroughTheSerde() {
        AvroSerde<AccessCommand> serde = new AvroSerde<>(AccessCommand.class);
        AccessCommand command = AccessCommand.newBuilder()
                .setCommandId("c-1:u-1:DEPROVISION")
                .setDirectoryId("dir-1")
                .setUserId("u-1")
                .setType(AccessCommandType.DEPROVISION)
                .setUser(UserAttributes.newBuilder().setUserName("ada").setActive(false).build())
                .setFromState(UserState.ACTIVE)
                .setToState(UserState.INACTIVE)
                .setVersion(2)
                .setChangeId("c-1")
                .setSource(ChangeSource.SCIM)
                .setReceivedAt(Instant.ofEpochMilli(5))
                .build();

        byte[] bytes = serde.serializer().serialize(Topics.ACCESS_COMMANDS, command);

        assertThat(serde.deserializer().deserialize(Topics.ACCESS_COMMANDS, bytes)).isEqualTo(command);
        assertThat(serde.deserializer().deserialize(Topics.USER_LIFECYCLE, null)).isNull();
    }
}
