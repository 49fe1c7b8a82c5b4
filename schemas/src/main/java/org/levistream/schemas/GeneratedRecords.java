package org.levistream.schemas;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.util.ClassSecurityValidator;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;

/**
 * The classes generated from {@code src/main/avro}, and the one step Avro 1.12 needs before it will use them.
 *
 * <p>Since 1.11.4/1.12.0, Avro loads a class named in a schema only when it is trusted, and its specific reader
 * and writer both load the generated class by name: without trust, even {@code new SpecificDatumWriter<>(schema)}
 * throws {@code SecurityException: Forbidden org.levistream.schemas.avro.Interaction}. The system property
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES} works only if set before Avro's validator class loads, which a
 * library cannot promise; so {@link #trust()} adds our package to the validator's global predicate through Avro's
 * public API instead, keeping whatever was trusted before (the property included).
 */
public final class GeneratedRecords {
    /** The package the Avro plugin generates into. */
    public static final String PACKAGE = "org.levistream.schemas.avro";

    private static volatile boolean trusted;

    private GeneratedRecords() {
    }

    /**
     * Lets Avro's specific reader and writer use the classes in {@link #PACKAGE}. Idempotent and cheap; the serde
     * calls it, and code that uses the generated classes with Avro directly should call it once at start.
     */
    public static void trust() {
        if (trusted) {
            return;
        }
        synchronized (GeneratedRecords.class) {
            if (!trusted) {
                ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(before,
                        type -> type.getName().startsWith(PACKAGE + ".")));
                trusted = true;
            }
        }
    }

    /** The top-level record schemas, one per {@code .avsc} file. */
    public static List<Schema> schemas() {
        return List.of(Interaction.getClassSchema(), ImageRecord.getClassSchema(), CheckpointEvent.getClassSchema(),
                MetricRecord.getClassSchema(), OodAlert.getClassSchema());
    }
}
