package org.levistream.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class CompatibilityCheckerTest {

    // Histories are oldest first; the last schema of each row is the candidate.
    private static final Map<String, List<String>> CASES = Map.of(
            "addFieldWithDefault", List.of(record("a:string"), record("a:string", "b:int=0")),
            "addFieldWithoutDefault", List.of(record("a:string"), record("a:string", "b:int")),
            "removeFieldWithoutDefault", List.of(record("a:string", "b:int"), record("a:string")),
            "removeFieldWithDefault", List.of(record("a:string", "b:int=0"), record("a:string")),
            "widenIntToLong", List.of(record("a:int"), record("a:long")),
            "renameRecord", List.of(record("a:string"), renamed(record("a:string"))),
            // Compatible with the latest version only: the older one lacks b, which the candidate requires.
            "requireFieldOnlyLatestHas",
            List.of(record("a:string"), record("a:string", "b:int=0"), record("a:string", "b:int")),
            // Compatible with the latest version only: the oldest reader needs b, which the candidate drops.
            "dropFieldOnlyLatestDefaults",
            List.of(record("a:string", "b:int"), record("a:string", "b:int=0"), record("a:string")));

    // Expected compatibility per level:  NONE  BACK  BACK_T  FWD  FWD_T  FULL  FULL_T
    private static final String[] TABLE = {
        "addFieldWithDefault           Y     Y     Y       Y    Y      Y     Y",
        "addFieldWithoutDefault        Y     N     N       Y    Y      N     N",
        "removeFieldWithoutDefault     Y     Y     Y       N    N      N     N",
        "removeFieldWithDefault        Y     Y     Y       Y    Y      Y     Y",
        "widenIntToLong                Y     Y     Y       N    N      N     N",
        "renameRecord                  Y     N     N       N    N      N     N",
        "requireFieldOnlyLatestHas     Y     Y     N       Y    Y      Y     N",
        "dropFieldOnlyLatestDefaults   Y     Y     Y       Y    N      Y     N",
    };

    private static final CompatibilityLevel[] COLUMNS = {
        CompatibilityLevel.NONE, CompatibilityLevel.BACKWARD, CompatibilityLevel.BACKWARD_TRANSITIVE,
        CompatibilityLevel.FORWARD, CompatibilityLevel.FORWARD_TRANSITIVE, CompatibilityLevel.FULL,
        CompatibilityLevel.FULL_TRANSITIVE,
    };

    static Stream<Arguments> table() {
        var rows = new ArrayList<Arguments>();
        for (String line : TABLE) {
            String[] cells = line.trim().split("\\s+");
            for (int i = 0; i < COLUMNS.length; i++) {
                rows.add(Arguments.of(cells[0], COLUMNS[i], cells[i + 1].equals("Y")));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} under {1}: compatible={2}")
    @MethodSource("table")
    void decidesEachLevelAsConfluentDoes(String name, CompatibilityLevel level, boolean compatible) {
        List<String> history = CASES.get(name);
        List<String> messages = check(level, history);

        if (compatible) {
            assertThat(messages).isEmpty();
        } else {
            assertThat(messages).isNotEmpty()
                    .last().isEqualTo("{validateFields: 'false', compatibility: '" + level + "'}");
        }
    }

    @Test
    void everyLevelIsInTheTable() {
        assertThat(COLUMNS).containsExactlyInAnyOrder(CompatibilityLevel.values());
        assertThat(TABLE).hasSize(CASES.size());
    }

    @Test
    void wordsABackwardFailureAsConfluentDoes() {
        List<String> history = CASES.get("addFieldWithoutDefault");

        assertThat(check(CompatibilityLevel.BACKWARD, history)).containsExactly(
                "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in"
                        + " the new schema has no default value and is missing in the old schema', additionalInfo:'b'}",
                "{oldSchemaVersion: 1}",
                "{oldSchema: '" + AvroSchemaText.parseStored(history.get(0)).canonical() + "'}",
                "{validateFields: 'false', compatibility: 'BACKWARD'}");
    }

    @Test
    void wordsAForwardFailureFromTheOldSchemasSide() {
        List<String> messages = check(CompatibilityLevel.FORWARD, CASES.get("removeFieldWithoutDefault"));

        assertThat(messages.get(0)).isEqualTo("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The"
                + " field 'b' at path '/fields/1' in the old schema has no default value and is missing in the new"
                + " schema', additionalInfo:'b'}");
        assertThat(messages).contains("{oldSchemaVersion: 1}");
    }

    @Test
    void namesTheFirstFailingVersionNewestFirstUnderTransitiveLevels() {
        List<String> messages = check(CompatibilityLevel.BACKWARD_TRANSITIVE, CASES.get("requireFieldOnlyLatestHas"));

        assertThat(messages).contains("{oldSchemaVersion: 1}").doesNotContain("{oldSchemaVersion: 2}");
    }

    @Test
    void acceptsAnythingAsTheFirstVersion() {
        var candidate = AvroSchemaText.parseNew(record("a:string"));

        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(CompatibilityChecker.check(level, candidate, List.of())).as(level.name()).isEmpty();
        }
    }

    private static List<String> check(CompatibilityLevel level, List<String> history) {
        var previous = new ArrayList<CompatibilityChecker.Previous>();
        for (int i = 0; i < history.size() - 1; i++) {
            previous.add(new CompatibilityChecker.Previous(i + 1, AvroSchemaText.parseStored(history.get(i))));
        }
        var candidate = AvroSchemaText.parseNew(history.get(history.size() - 1));
        return CompatibilityChecker.check(level, candidate, previous);
    }

    /** A record {@code R} with fields written as {@code name:type} or {@code name:type=default}. */
    static String record(String... fields) {
        var json = new StringBuilder("{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":[");
        for (int i = 0; i < fields.length; i++) {
            String[] nameType = fields[i].split(":");
            String[] typeDefault = nameType[1].split("=");
            json.append(i > 0 ? "," : "").append("{\"name\":\"").append(nameType[0]).append("\",\"type\":\"")
                    .append(typeDefault[0]).append('"');
            if (typeDefault.length > 1) {
                json.append(",\"default\":").append(typeDefault[1]);
            }
            json.append('}');
        }
        return json.append("]}").toString();
    }

    private static String renamed(String schema) {
        return schema.replace("\"name\":\"R\"", "\"name\":\"Renamed\"");
    }
}
