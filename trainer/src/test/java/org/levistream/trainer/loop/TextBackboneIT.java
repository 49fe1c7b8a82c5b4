package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.Lineage;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * {@code levi train} with the MiniLM backbone ({@code trainer.backbone.name=minilm-l6}) on MovieLens-style
 * interactions: items become text (title, year, genres) through frozen MiniLM views, each user's context pools the
 * views of items rated before, and the small id model trains beside the head. A run that loses its newest
 * checkpoints resumes from an older one and reaches the same parameters bit for bit.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class TextBackboneIT {
    /** A few MovieLens movies (title, year, genres): 24 items, so that most texts recur. */
    private static final String[][] MOVIES = {
        {"Toy Story", "1995", "Adventure|Animation|Children|Comedy|Fantasy"}, {"Heat", "1995", "Action|Crime|Thriller"},
        {"Jumanji", "1995", "Adventure|Children|Fantasy"}, {"Casino", "1995", "Crime|Drama"},
        {"Sense and Sensibility", "1995", "Drama|Romance"}, {"Dumbo", "1941", "Animation|Children|Drama|Musical"},
        {"Alien", "1979", "Horror|Sci-Fi"}, {"Braveheart", "1995", "Action|Drama|War"},
        {"The Godfather", "1972", "Crime|Drama"}, {"Fargo", "1996", "Comedy|Crime|Drama|Thriller"},
        {"Pulp Fiction", "1994", "Comedy|Crime|Drama|Thriller"}, {"Forrest Gump", "1994", "Comedy|Drama|Romance|War"},
        {"The Lion King", "1994", "Adventure|Animation|Children|Drama|Musical"}, {"Clueless", "1995", "Comedy|Romance"},
        {"Apollo 13", "1995", "Adventure|Drama|IMAX"}, {"Batman Forever", "1995", "Action|Adventure|Comedy|Crime"},
        {"Scream", "1996", "Comedy|Horror|Mystery|Thriller"}, {"Titanic", "1997", "Drama|Romance"},
        {"The Matrix", "1999", "Action|Sci-Fi|Thriller"}, {"Amelie", "2001", "Comedy|Romance"},
        {"Shrek", "2001", "Adventure|Animation|Children|Comedy|Fantasy|Romance"}, {"Memento", "2000", "Mystery|Thriller"},
        {"Gladiator", "2000", "Action|Adventure|Drama"}, {"Up", "2009", "Adventure|Animation|Children|Drama"},
    };

    @TempDir
    Path dir;

    @Test
    void trainsOnFrozenMiniLmViewsAndResumesBitIdentically(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, ratings(320, 5)), 80, false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "lm", dir.resolve("ckpt"),
                dir.resolve("unused"), "unused");
        settings.remove("trainer.backbone.store");
        settings.remove("trainer.backbone.hash");
        settings.put("trainer.backbone.catalog", catalogueMiniLm().toString());
        settings.put("trainer.backbone.name", MiniLm.CATALOG_NAME);
        settings.put("trainer.features", "movielens");   // no GloVe: items are read as text
        settings.put("trainer.features.recent.items", "5");
        settings.put("trainer.end", "end");
        Path folder = dir.resolve("ckpt/lm");

        run(settings);
        List<NamedTensor> first = Lineage.finalParameters(folder);
        assertThat(first).extracting(NamedTensor::name)
                .as("one projection per MiniLM layer, the small id model and the head, and no backbone parameter")
                .anyMatch(name -> name.startsWith("proj.embeddings.")).anyMatch(name -> name.startsWith("proj.layer6."))
                .anyMatch(name -> name.startsWith("small.")).noneMatch(name -> name.startsWith("backbone."));
        assertThat(first).as("each view: [item layer 6 | user context layer 6 | rating, fill]")
                .anyMatch(t -> t.name().startsWith("proj.layer6.") && t.shape().dimension() == 2
                        && t.shape().get(1) == 770);
        CheckpointStore store = new CheckpointStore(folder);
        assertThat(store.list()).hasSizeGreaterThan(3);
        for (Path p : store.list()) {
            if (CheckpointStore.read(p).info().step() > 10) {
                store.delete(p);
            }
        }
        run(settings);

        assertThat(Lineage.bitEqual(Lineage.finalParameters(folder), first)).isTrue();
    }

    /** Catalogues MiniLM as {@code levi pretrain --backbone minilm-l6} does, from the jar's files. */
    private Path catalogueMiniLm() throws IOException {
        Path data = Files.createDirectories(MiniLm.dataFolder(dir.resolve("data")));
        for (String file : new String[] {MiniLm.ONNX_FILE, MiniLm.TOKENIZER_FILE}) {
            try (InputStream in = TextBackboneIT.class.getResourceAsStream("/" + file)) {
                Files.copy(in, data.resolve(file));
            }
        }
        Path backbones = dir.resolve("backbones");
        MiniLm.catalogue(data, BackboneCatalog.open(backbones), Device.cpu());
        return backbones;
    }

    /** {@code n} ratings by 12 users of {@link #MOVIES}, one a minute; a pure function of the seed. */
    private static List<InteractionEvent> ratings(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<InteractionEvent> events = new ArrayList<>();
        Instant t = Instant.parse("2009-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            int m = r.nextInt(MOVIES.length);
            float rating = 0.5f * (1 + r.nextInt(10));
            events.add(InteractionEvent.builder("u" + r.nextInt(12), "m" + m, rating, t.plusSeconds(60L * i))
                    .title(MOVIES[m][0]).releaseYear(Integer.parseInt(MOVIES[m][1]))
                    .genres(List.of(MOVIES[m][2].split("\\|"))).build());
        }
        return events;
    }

    private static void run(Map<String, String> settings) throws InterruptedException {
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(90))).contains(TrainerService.Outcome.FINISHED);
            assertThat(trainer.failure()).isEmpty();
        }
    }
}
