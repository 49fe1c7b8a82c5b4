package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.experiment.offline.GeneratedSplits;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.levi.Method;
import org.levistream.model.optim.OptimizerSpec.Kind;

/**
 * An experiment stopped part-way and resumed from its folder of finished runs gives the results of an uninterrupted
 * one, exactly; a folder of another identity, or a damaged run, is refused rather than used.
 */
@Timeout(300)
class FinishedRunsTest {
    private static final List<Method> ALL = List.of(Method.LEVI, Method.LP, Method.FT, Method.LP_FT, Method.WISE_FT,
            Method.SMALL_ONLY);
    private static final SearchSpace SEARCH = new SearchSpace("test", List.of(Kind.SGD, Kind.ADAM),
            Map.of(Kind.SGD, List.of(1e-2f), Kind.ADAM, List.of(1e-3f)),
            Map.of(Kind.SGD, List.of(1e-1f), Kind.ADAM, List.of(1e-2f)), List.of(1f, 0.1f));
    private static final Map<String, String> IDENTITY = Map.of("benchmark", "test", "rule", "convergence");

    @TempDir
    static Path dir;
    static OfflineSplits splits;
    static BackboneSource backbone;

    @BeforeAll
    static void load() throws IOException {
        splits = GeneratedSplits.ratings(dir);
        backbone = GeneratedSplits.ratingBackbone(splits);
    }

    /**
     * The first invocation is cut short (two methods, one seed); the second runs everything on both seeds and reads
     * back what the first finished; a third only reads back. All three agree with a run that never stopped.
     */
    @Test
    void aResumedExperimentGivesTheUninterruptedResultsExactly(@TempDir Path runs) throws IOException {
        ExperimentResult uninterrupted = run(ALL, List.of(1L, 2L), null);

        FinishedRuns first = FinishedRuns.open(runs, IDENTITY, "c1");
        run(List.of(Method.LP, Method.FT), List.of(1L), first);
        assertThat(first.restored()).isZero();
        assertThat(first.saved()).as("LP: 2 settings, FT: 4, one seed").isEqualTo(6);

        FinishedRuns second = FinishedRuns.open(runs, IDENTITY, "c2");
        ExperimentResult resumed = run(ALL, List.of(1L, 2L), second);
        assertThat(second.restored()).isEqualTo(6);
        assertThat(second.saved()).as("2 seeds x (LEVI 2, LP 2, FT 4, LP-FT 4, small-only 2), less 6").isEqualTo(22);
        assertThat(second.commits()).containsExactly("c1", "c2");
        assertSameResults(resumed, uninterrupted);

        FinishedRuns third = FinishedRuns.open(runs, IDENTITY, "c3");
        ExperimentResult readBack = run(ALL, List.of(1L, 2L), third);
        assertThat(third.restored()).isEqualTo(28);
        assertThat(third.saved()).isZero();
        assertSameResults(readBack, uninterrupted);
        assertThat(readBack.methods().get(2).stepMillis()).as("FT's step times as measured when it trained")
                .isEqualTo(resumed.methods().get(2).stepMillis());
    }

    /**
     * With the search on seed 1, every setting trains on seed 1 and only the chosen one on seeds 2 and 3; its models
     * are those a search on every seed would have kept for the same setting.
     */
    @Test
    void aSearchOnOneSeedTrainsOnlyTheChosenSettingOnTheOthers(@TempDir Path runs) throws IOException {
        List<Method> methods = List.of(Method.LP, Method.FT, Method.WISE_FT);
        FinishedRuns finished = FinishedRuns.open(runs, IDENTITY, "c1");
        var settings = new ProtocolSettings(methods, List.of(1L, 2L, 3L), 3, 64, Map.of(), 0, false, 1, SEARCH, 1, 0);
        ExperimentResult oneSeed = new Protocol("test", splits, backbone, settings, Device.cpu(),
                new ProtocolListener() {}, null).resumingFrom(finished).run();

        assertThat(finished.saved()).as("LP 2 + FT 4 settings on seed 1, then each chosen one on 2 more")
                .isEqualTo(2 + 4 + 2 + 2);
        MethodResult ft = oneSeed.methods().get(1);
        assertThat(ft.epochs()).hasSize(3);
        assertThat(ft.search().get(ft.setting().label()).epochs()).hasSize(1);
        assertThat(oneSeed.methods().get(2).scores().get("ood.late").get("rmse")).hasSize(3);

        var everySeed = new ProtocolSettings(List.of(Method.FT), List.of(1L, 2L, 3L), 3, 64, Map.of(), 0, false, 1,
                new SearchSpace("one", List.of(ft.setting().optimizer()),
                        Map.of(ft.setting().optimizer(), List.of(ft.setting().learningRate())), Map.of(),
                        List.of(ft.setting().backboneFactor())));
        MethodResult same = new Protocol("test", splits, backbone, everySeed, Device.cpu(), new ProtocolListener() {},
                null).run().methods().get(0);
        assertThat(ft.scores()).isEqualTo(same.scores());
        assertThat(ft.epochs()).isEqualTo(same.epochs());
    }

    @Test
    void aFolderMadeWithOtherSettingsIsRefusedNamingWhatDiffers(@TempDir Path runs) throws IOException {
        FinishedRuns.open(runs, Map.of("batch size", "200", "benchmark", "movielens"), "c1");

        assertThatThrownBy(() -> FinishedRuns.open(runs, Map.of("batch size", "100", "benchmark", "movielens"), "c1"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("batch size = 200").hasMessageContaining("batch size = 100")
                .hasMessageNotContaining("benchmark =");
        assertThat(FinishedRuns.open(runs, Map.of("benchmark", "movielens", "batch size", "200"), "c2").dir())
                .isEqualTo(runs);
    }

    @Test
    void aDamagedRunIsReportedInsteadOfUsed(@TempDir Path runs) throws IOException {
        run(List.of(Method.SMALL_ONLY), List.of(1L), FinishedRuns.open(runs, IDENTITY, "c1"));
        Path tensors;
        try (Stream<Path> files = Files.list(runs)) {
            tensors = files.filter(f -> f.toString().endsWith(".tensors")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(tensors);
        bytes[bytes.length - 1] ^= 1;
        Files.write(tensors, bytes);

        FinishedRuns again = FinishedRuns.open(runs, IDENTITY, "c1");
        assertThatThrownBy(() -> run(List.of(Method.SMALL_ONLY), List.of(1L), again)).isInstanceOf(IOException.class)
                .hasMessageContaining("SHA-256").hasMessageContaining(tensors.getFileName().toString());
    }

    private static ExperimentResult run(List<Method> methods, List<Long> seeds, FinishedRuns finished)
            throws IOException {
        var settings = new ProtocolSettings(methods, seeds, 3, 64, Map.of(), 0, false, 1, SEARCH);
        Protocol protocol = new Protocol("test", splits, backbone, settings, Device.cpu(), new ProtocolListener() {},
                null);
        return finished == null ? protocol.run() : protocol.resumingFrom(finished).run();
    }

    private static void assertSameResults(ExperimentResult actual, ExperimentResult expected) {
        assertThat(actual.methods()).hasSameSizeAs(expected.methods());
        for (int m = 0; m < expected.methods().size(); m++) {
            MethodResult a = actual.methods().get(m);
            MethodResult e = expected.methods().get(m);
            assertThat(a.setting()).as(e.method().settingName()).isEqualTo(e.setting());
            assertThat(a.search()).as(e.method().settingName()).isEqualTo(e.search());
            assertThat(a.epochs()).isEqualTo(e.epochs());
            assertThat(a.epochsRun()).isEqualTo(e.epochsRun());
            assertThat(Float.valueOf(a.alpha())).isEqualTo(Float.valueOf(e.alpha()));
            assertThat(a.scores()).as(e.method().settingName()).isEqualTo(e.scores());
        }
    }
}
