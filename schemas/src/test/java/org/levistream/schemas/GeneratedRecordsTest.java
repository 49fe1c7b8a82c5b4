package org.levistream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.avro.Interaction;

@Timeout(10)
class GeneratedRecordsTest {
    /** A class outside the generated package. */
    static final class Outsider {
    }

    @Test
    void trustsTheGeneratedPackageAndNothingElse() {
        GeneratedRecords.trust();
        GeneratedRecords.trust();   // idempotent

        assertThatCode(() -> new SpecificDatumWriter<>(Interaction.getClassSchema())).doesNotThrowAnyException();
        assertThatCode(() -> ClassSecurityValidator.validate(Interaction.class)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ClassSecurityValidator.validate(Outsider.class)).isInstanceOf(SecurityException.class);
    }

    @Test
    void listsOneSchemaPerAvscFile() {
        assertThat(GeneratedRecords.schemas()).extracting(s -> s.getName())
                .containsExactly("Interaction", "ImageRecord", "CheckpointEvent", "MetricRecord", "OodAlert");
    }
}
