package org.levistream.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroAdapterTest {
    @ParameterizedTest
    @CsvSource({
        "levi.recommendation.holdout,          recommendation",
        "levi.recommendation.ood.late-users,   recommendation",
        "levi.images.ood.rotated,              images",
        "holdout,                              holdout",
    })
    void theStreamIsTheTopicsSecondSegment(String topic, String stream) {
        assertThat(AvroAdapter.streamOf(topic)).isEqualTo(stream);
    }
}
