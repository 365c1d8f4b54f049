package io.dirsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails the build when a schema change would make committed history unreadable, or when a changed
 * schema was not committed to history (then records written by it could not be read by a later one).
 */
class SchemaCompatibilityTest {

    static List<Class<? extends SpecificRecord>> contractTypes() {
        return Contract.TYPES;
    }

    @ParameterizedTest
    @MethodSource("contractTypes")
    void shouldReadEveryHistoricalVersionWithTheCurrentSchema(Class<? extends SpecificRecord> type) {
        Schema current = Contract.schemaOf(type);
        List<Schema> history = SchemaHistory.of(type);
        assertThat(history).as("history of %s", type.getSimpleName()).isNotEmpty();
        for (Schema old : history) {
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, old);
            assertThat(result.getType())
                    .as("%s must read history version %s: %s", type.getSimpleName(), old, result.getDescription())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("contractTypes")
    void shouldHaveTheCurrentSchemaCommittedAsTheLatestHistoryVersion(Class<? extends SpecificRecord> type) {
        List<Schema> history = SchemaHistory.of(type);
        long current = SchemaNormalization.parsingFingerprint64(Contract.schemaOf(type));
        long latest = SchemaNormalization.parsingFingerprint64(history.get(history.size() - 1));
        assertThat(latest)
                .as("schema of %s changed: add it as %s", type.getSimpleName(),
                        SchemaHistory.resourceName(type, history.size() + 1))
                .isEqualTo(current);
    }
}
