package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class UserHistoryTest {
    private static final Instant T0 = Instant.parse("2005-01-01T00:00:00Z");

    private static float[] item(float v) {
        return new float[] {v, -v};
    }

    private static float[] context(UserHistory h, String user, Instant at) {
        float[] out = new float[h.contextWidth()];
        h.contextInto(user, at, out, 0);
        return out;
    }

    @Test
    void contextUsesOnlyItemsRatedStrictlyBefore() {
        var h = new UserHistory(2, 4, 10);
        h.record("u", T0, item(1), 0, 4.5f);
        h.record("u", T0.plusSeconds(10), item(3), 0, 2.5f);

        assertThat(context(h, "u", T0)).containsOnly(0f);
        // only the first item: mean (1, -1), rating 4.5 - 3.5, 1 of 4 slots
        assertThat(context(h, "u", T0.plusSeconds(10))).containsExactly(1f, -1f, 1f, 0.25f);
        assertThat(context(h, "u", T0.plusSeconds(11))).containsExactly(2f, -2f, 0f, 0.5f);
        assertThat(context(h, "someone-else", T0.plusSeconds(11))).containsOnly(0f);
    }

    @Test
    void keepsOnlyTheLatestItemsPerUserEvenWhenEventsArriveLate() {
        var h = new UserHistory(2, 2, 10);
        h.record("u", T0.plusSeconds(2), item(2), 0, 3.5f);
        h.record("u", T0.plusSeconds(3), item(3), 0, 3.5f);
        h.record("u", T0.plusSeconds(1), item(100), 0, 3.5f); // late and oldest: never kept
        h.record("u", T0.plusSeconds(4), item(4), 0, 3.5f);   // evicts the item at +2 s

        assertThat(context(h, "u", T0.plusSeconds(60))).containsExactly(3.5f, -3.5f, 0f, 1f);
        h.record("u", T0.plusSeconds(3).plusMillis(500), item(10), 0, 3.5f); // late, but newer than +3 s
        assertThat(context(h, "u", T0.plusSeconds(60))).containsExactly(7f, -7f, 0f, 1f);
        assertThat(context(h, "u", T0.plusSeconds(4))).containsExactly(10f, -10f, 0f, 0.5f);
    }

    @Test
    void forgetsTheLeastRecentlyTouchedUserBeyondTheBound() {
        var h = new UserHistory(2, 2, 2);
        h.record("a", T0, item(1), 0, 4f);
        h.record("b", T0, item(1), 0, 4f);
        h.record("c", T0, item(1), 0, 4f);

        assertThat(h.users()).isEqualTo(2);
        assertThat(context(h, "a", T0.plusSeconds(1))).containsOnly(0f);
        assertThat(context(h, "c", T0.plusSeconds(1))[0]).isEqualTo(1f);
    }

    @Test
    void aSavedHistoryGivesTheSameContextsAndForgetsInTheSameOrder() throws Exception {
        var h = new UserHistory(2, 2, 2);
        h.record("a", T0, item(1), 0, 4f);
        h.record("b", T0.plusSeconds(1), item(2), 0, 2f);
        h.record("a", T0.plusSeconds(2), item(3), 0, 5f);
        var bytes = new java.io.ByteArrayOutputStream();
        h.writeTo(new java.io.DataOutputStream(bytes));

        var restored = new UserHistory(2, 2, 2);
        restored.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));

        for (String user : new String[] {"a", "b"}) {
            assertThat(context(restored, user, T0.plusSeconds(9))).containsExactly(context(h, user, T0.plusSeconds(9)));
        }
        assertThat(context(restored, "a", T0.plusSeconds(9))[0]).isEqualTo(2f);
        restored.record("c", T0, item(1), 0, 4f);   // "b" was touched least recently: it goes
        assertThat(context(restored, "b", T0.plusSeconds(9))).containsOnly(0f);
        assertThat(context(restored, "a", T0.plusSeconds(9))[0]).isEqualTo(2f);
    }
}
