package io.dirsync.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every committed version of a contract type's schema, read from
 * {@code io/dirsync/schemas/history/<Type>/v1.avsc, v2.avsc, ...} on the classpath.
 * Decoders register all of them so records written by any earlier version stay readable forever.
 */
public final class SchemaHistory {

    private SchemaHistory() {
    }

    /** The historical schemas of {@code type}, oldest first; empty if none is committed. */
    public static List<Schema> of(Class<?> type) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            String resource = resourceName(type, v);
            try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }

    /** The classpath resource holding version {@code v} of {@code type}'s schema. */
    public static String resourceName(Class<?> type, int v) {
        return "io/dirsync/schemas/history/" + type.getSimpleName() + "/v" + v + ".avsc";
    }
}
