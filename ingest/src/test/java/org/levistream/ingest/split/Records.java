package org.levistream.ingest.split;

import java.time.Instant;
import java.util.List;

import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;

/** Made-up records for split tests. */
final class Records {
    private Records() {
    }

    static InteractionEvent rating(String user, String item, String time, String... genres) {
        return InteractionEvent.builder(user, item, 4f, Instant.parse(time)).genres(List.of(genres)).build();
    }

    static InteractionEvent rating(int i, String time) {
        return rating("u" + (i % 997), "i" + i, time);
    }

    static ImageEvent image(String id, String domain, int h, int w, byte[] pixels) {
        return ImageEvent.grey(id, 1, h, w, pixels, domain, Instant.parse("2024-01-01T00:00:00Z"));
    }

    static ImageEvent image(String id, String domain) {
        byte[] pixels = new byte[28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i % 251);
        }
        return image(id, domain, 28, 28, pixels);
    }
}
