package io.dirsync.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one contract type: a 10-byte header (C3 01 + the writer schema's
 * 64-bit fingerprint) then the binary body. No schema registry is needed: the decoder knows every
 * historical schema, and a record with an unknown fingerprint fails loudly (it belongs in dead letters).
 *
 * <p>Thread-safe: the Avro encoder and decoder reuse per-thread buffers.
 */
public final class AvroCodec<T extends SpecificRecord> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type) {
        Contract.trustSchemaPackage();
        this.type = type;
        // SpecificData.getForClass carries the logical-type conversions of the generated class
        // (a fresh SpecificData would fail on nullable timestamps inside unions).
        SpecificData model = SpecificData.getForClass(type);
        Schema current = Contract.schemaOf(type);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current);
        for (Schema old : SchemaHistory.of(type)) {
            decoder.addSchema(old);
        }
    }

    /** A codec for a generated contract class. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type);
    }

    public Class<T> type() {
        return type;
    }

    /** Encodes a record with the current schema. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UndecodableRecordException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes bytes written with any known version of the schema.
     *
     * @throws UndecodableRecordException for a missing header, unknown fingerprint or corrupt body
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new UndecodableRecordException("null value: expected a " + type.getSimpleName(), null);
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException("cannot decode " + type.getSimpleName() + ": " + e, e);
        }
    }
}
