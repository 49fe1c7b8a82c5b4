package org.levistream.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Decides whether a candidate schema may follow a subject's live versions under a compatibility level, using
 * Avro's reader/writer resolution rules ({@link SchemaCompatibility}).
 *
 * <p>The answer is Confluent's: an empty list when compatible, otherwise messages worded as Confluent words them
 * ({@code {errorType:'...', description:'...', additionalInfo:'...'}}, then {@code {oldSchemaVersion: N}},
 * {@code {oldSchema: '...'}} and finally {@code {validateFields: 'false', compatibility: 'LEVEL'}}), because
 * operators and tests search those messages for the error type.
 */
final class CompatibilityChecker {

    /** One live version of the subject, as the check sees it. */
    record Previous(int version, AvroSchemaText schema) {
        /** The live ones among {@code versions}, in the same order. */
        static List<Previous> live(List<SchemaVersion> versions) {
            return versions.stream().filter(v -> !v.deleted()).map(v -> new Previous(v.version(), v.schema())).toList();
        }
    }

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} against {@code previous} under {@code level}.
     *
     * @param previous the subject's live (not deleted) versions, oldest first; non-transitive levels use the last
     * @return the reasons it is incompatible, empty if it is compatible
     */
    static List<String> check(CompatibilityLevel level, AvroSchemaText candidate, List<Previous> previous) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        int newest = previous.size() - 1;
        int oldestChecked = level.transitive() ? 0 : newest;
        // Newest first, stopping at the first version that fails, as Confluent's validators do.
        for (int i = newest; i >= oldestChecked; i--) {
            List<String> messages = checkPair(level, candidate, previous.get(i));
            if (!messages.isEmpty()) {
                messages.add("{validateFields: 'false', compatibility: '" + level + "'}");
                return messages;
            }
        }
        return List.of();
    }

    private static List<String> checkPair(CompatibilityLevel level, AvroSchemaText candidate, Previous previous) {
        var messages = new ArrayList<String>();
        if (level.oldReadsNew()) {
            List<String> forward = describe(previous.schema().schema(), candidate.schema(), "old", "new");
            messages.addAll(forward);
            // Under FULL, Confluent names the old schema once, after the backward half.
            if (!forward.isEmpty() && !level.newReadsOld()) {
                appendOldSchema(messages, previous);
            }
        }
        if (level.newReadsOld()) {
            List<String> backward = describe(candidate.schema(), previous.schema().schema(), "new", "old");
            messages.addAll(backward);
            if (!backward.isEmpty()) {
                appendOldSchema(messages, previous);
            }
        }
        return messages;
    }

    private static void appendOldSchema(List<String> messages, Previous previous) {
        messages.add("{oldSchemaVersion: " + previous.version() + "}");
        messages.add("{oldSchema: '" + previous.schema().canonical() + "'}");
    }

    /** Why {@code reader} cannot read data written with {@code writer}, naming them as the two words given. */
    private static List<String> describe(Schema reader, Schema writer, String readerWord, String writerWord) {
        var messages = new ArrayList<String>();
        for (Incompatibility incompatibility : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult().getIncompatibilities()) {
            messages.add("{errorType:'" + incompatibility.getType() + "', description:'"
                    + description(incompatibility, readerWord, writerWord) + "', additionalInfo:'"
                    + incompatibility.getMessage() + "'}");
        }
        return messages;
    }

    // Confluent's wording (io.confluent.kafka.schemaregistry.avro.Difference), reader word first.
    private static String description(Incompatibility incompatibility, String reader, String writer) {
        String path = incompatibility.getLocation();
        return switch (incompatibility.getType()) {
            case FIXED_SIZE_MISMATCH -> "The size of FIXED type field at path '" + path + "' in the " + reader
                    + " schema does not match with the " + writer + " schema";
            case TYPE_MISMATCH -> "The type (path '" + path + "') of a field in the " + reader
                    + " schema does not match with the " + writer + " schema";
            case NAME_MISMATCH -> "The name of the schema has changed (path '" + path + "')";
            case MISSING_ENUM_SYMBOLS -> "The " + reader + " schema is missing enum symbols '"
                    + incompatibility.getMessage() + "' at path '" + path + "' in the " + writer + " schema";
            case MISSING_UNION_BRANCH -> "The " + reader + " schema is missing a type inside a union field at path '"
                    + path + "' in the " + writer + " schema";
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "The field '" + incompatibility.getMessage() + "' at path '"
                    + path + "' in the " + reader + " schema has no default value and is missing in the " + writer
                    + " schema";
        };
    }
}
