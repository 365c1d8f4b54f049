package io.dirsync.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Plain JSON rendering of contract records, for people and HTTP APIs (not Avro's JSON encoding, which
 * wraps every union value): nulls as null, timestamps as ISO-8601 strings, enums as their symbol, and a
 * {@code "@type"} member naming the record type of a union branch.
 */
public final class ContractJson {

    private ContractJson() {
    }

    public static String toJson(IndexedRecord record) {
        StringBuilder out = new StringBuilder(256);
        writeRecord(out, record, false);
        return out.toString();
    }

    private static void writeRecord(StringBuilder out, IndexedRecord record, boolean typed) {
        out.append('{');
        boolean first = true;
        if (typed) {
            out.append("\"@type\":");
            writeString(out, record.getSchema().getName());
            first = false;
        }
        for (Schema.Field field : record.getSchema().getFields()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, field.name());
            out.append(':');
            writeValue(out, record.get(field.pos()), field.schema().getType() == Schema.Type.UNION);
        }
        out.append('}');
    }

    private static void writeValue(StringBuilder out, Object value, boolean inUnion) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof IndexedRecord r) {
            writeRecord(out, r, inUnion);
        } else if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?> || value instanceof Enum<?>
                || value instanceof Instant) {
            writeString(out, value.toString());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeValue(out, item, false);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, String.valueOf(e.getKey()));
                out.append(':');
                writeValue(out, e.getValue(), false);
            }
            out.append('}');
        } else if (value instanceof ByteBuffer bytes) {
            writeString(out, Base64.getEncoder().encodeToString(bytes.array()));
        } else {
            writeString(out, value.toString());
        }
    }

    /** Writes a JSON string literal with RFC 8259 escaping. */
    public static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
