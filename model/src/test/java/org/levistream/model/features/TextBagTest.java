package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.task.IdHasher;

@Timeout(10)
class TextBagTest {
    private final TextBag bag = new TextBag(1 << 20);

    private int word(String w) {
        return (int) IdHasher.bucket("w:" + w, bag.buckets());
    }

    private int pair(String a, String b) {
        return (int) IdHasher.bucket("b:" + a + " " + b, bag.buckets());
    }

    @Test
    void hashesEveryWordAndEveryAdjacentPairOnce() {
        assertThat(bag.features("Great coffee, great price"))
                .containsExactlyInAnyOrder(word("great"), word("coffee"), word("price"), pair("great", "coffee"),
                        pair("coffee", "great"), pair("great", "price"))
                .isSorted();
    }

    @Test
    void ignoresCaseAndHtmlTagsButKeepsWordsAroundThem() {
        assertThat(bag.features("TASTY<br /><br />Bland")).isEqualTo(bag.features("tasty bland"));
        assertThat(bag.features("<a href=\"x\">link</a>")).isEqualTo(bag.features("link"));
    }

    @Test
    void anEmptyTextIsTheZeroRow() {
        assertThat(bag.features(null)).isEmpty();
        assertThat(bag.features("  ...  ")).isEmpty();
        float[] row = new float[8];
        new TextBag(8).writeRow(new int[0], row, 0);
        assertThat(row).containsOnly(0f);
    }

    @Test
    void rowsHaveUnitLengthWhateverTheTextsLength() {
        TextBag small = new TextBag(64);
        float[] rows = new float[2 * 64];
        small.writeRow(small.features("ok"), rows, 0);
        small.writeRow(small.features("a much longer review that goes on about the taste and the price"), rows, 64);
        double first = 0;
        double second = 0;
        for (int i = 0; i < 64; i++) {
            first += rows[i] * rows[i];
            second += rows[64 + i] * rows[64 + i];
        }
        assertThat(first).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(second).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void rejectsFewerThanOneBucket() {
        assertThatThrownBy(() -> new TextBag(0)).hasMessage("buckets was 0 but must be at least 1");
    }
}
