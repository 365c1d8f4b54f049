package io.dirsync.schemas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Developer tool, not a test: after changing an .avsc, writes the new version of every changed contract type
 * into the history folder (run from schemas/: see README "Changing a schema").
 */
public final class RecordSchemaHistory {

    private RecordSchemaHistory() {
    }

    public static void main(String[] args) throws Exception {
        for (Class<? extends org.apache.avro.specific.SpecificRecord> type : Contract.TYPES) {
            List<Schema> history = SchemaHistory.of(type);
            Schema current = Contract.schemaOf(type);
            if (!history.isEmpty() && SchemaNormalization.parsingFingerprint64(history.get(history.size() - 1))
                    == SchemaNormalization.parsingFingerprint64(current)) {
                continue;
            }
            Path file = Path.of("src/main/resources", SchemaHistory.resourceName(type, history.size() + 1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n");
            System.out.println("recorded " + file);
        }
    }
}
