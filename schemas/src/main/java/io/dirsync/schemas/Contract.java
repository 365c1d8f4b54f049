package io.dirsync.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The record types of the wire contract and the one-time JVM setup their decoding needs.
 * Avro 1.12.2 refuses to instantiate generated classes from untrusted packages; we trust exactly
 * this package (nothing broader) before the first decode.
 */
public final class Contract {

    /** Top-level record types that appear as topic values, each with a schema history. */
    public static final List<Class<? extends SpecificRecord>> TYPES = List.of(
            DirectoryChange.class,
            UserLifecycle.class,
            LifecycleEvent.class,
            AccessCommand.class,
            ChangeOutcome.class,
            AccessAck.class,
            SourceCursor.class,
            GroupState.class,
            HeldCommand.class,
            GuardState.class,
            OffboardingCase.class);

    private static final String PACKAGE = Contract.class.getPackageName();
    private static volatile boolean trusted;

    private Contract() {
    }

    /** Trusts this package's generated classes for Avro decoding; idempotent and thread-safe. */
    public static void trustSchemaPackage() {
        if (trusted) {
            return;
        }
        synchronized (Contract.class) {
            if (!trusted) {
                ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                        previous, type -> PACKAGE.equals(type.getPackageName())));
                trusted = true;
            }
        }
    }

    /** The current (writer) schema of a contract type. */
    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        try {
            return (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("not a generated Avro class: " + type.getName(), e);
        }
    }
}
