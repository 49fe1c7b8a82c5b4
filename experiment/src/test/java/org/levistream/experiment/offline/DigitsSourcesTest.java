package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.split.SplitPlan;

/** A user's own sources, declared in the split file, as the digits loader reads them. */
@Timeout(60)
class DigitsSourcesTest {
    private static final LoadSettings ALL = new LoadSettings(0.1, 1, 0, 0, 0, 0, false);

    @TempDir
    Path data;

    @BeforeEach
    void generate() throws IOException {
        GeneratedData.write(data, 5);
    }

    /** The shipped split file with one more source and one more rule, as a user would add them. */
    static String shippedWith(String source, String rule) throws IOException {
        String shipped = Files.readString(Path.of("../config/split-digits.yaml"));
        return shipped.replace("\nsources:\n", "\nsources:\n" + source)
                .replace("\nrules:\n", "\nrules:\n" + rule);
    }

    static final String MINE_RULE = """
              - name: my-digits
                match: {domain: my-digits}
                to: ood.mine
            """;

    static String mineSource(String path, boolean invert) {
        return "  - {name: my-digits, type: image-folder, path: '" + path + "', domain: my-digits"
                + (invert ? ", invert: true}" : "}") + "\n";
    }

    /**
     * Writes {@code root/<label>/<n>.png}: per label, {@code perLabel} images of dark ink on white, every other one
     * 40x32 RGB (to be resized) and the rest 28x28 grey.
     */
    static void writeClassFolders(Path root, int[] labels, int perLabel) throws IOException {
        for (int label : labels) {
            Path folder = Files.createDirectories(root.resolve(Integer.toString(label)));
            for (int n = 0; n < perLabel; n++) {
                boolean big = n % 2 == 1;
                BufferedImage image = new BufferedImage(big ? 32 : 28, big ? 40 : 28,
                        big ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        boolean ink = Math.abs(x - image.getWidth() / 2) <= 1 + label % 3;   // a vertical stroke
                        image.setRGB(x, y, ink ? 0x000000 : 0xffffff);
                    }
                }
                ImageIO.write(image, "png", folder.resolve(n + ".png").toFile());
            }
        }
    }

    @Test
    void aClassFolderDeclaredAsASourceBecomesAnOodSetIn28x28WithItsFolderLabels() throws IOException {
        writeClassFolders(data.resolve("mine"), new int[] {0, 3, 7}, 4);
        SplitPlan plan = SplitPlan.parse(shippedWith(mineSource("mine", true), MINE_RULE), "split.yaml");

        OfflineSplits s = DigitsSplits.load(data, plan, ALL);

        ImageSet mine = (ImageSet) s.ood().get("ood.mine");
        assertThat(mine.size()).isEqualTo(12);
        // Classes interleave: 0, 3, 7, 0, 3, 7, ...
        assertThat(mine.label(0)).isEqualTo(0f);
        assertThat(mine.label(1)).isEqualTo(3f);
        assertThat(mine.label(2)).isEqualTo(7f);
        assertThat(mine.key(0)).isEqualTo("my-digits:0/0.png");
        for (int i = 0; i < mine.size(); i++) {
            byte[] pixels = mine.pixels(i);
            // Inverted: white paper became the black background, the black stroke light ink, at the centre column.
            assertThat(pixels[0] & 0xff).as("corner of image " + i).isZero();
            assertThat(pixels[14 * 28 + 14] & 0xff).as("centre of image " + i).isGreaterThan(200);
        }
        // The built-in sets are unchanged by the addition.
        assertThat(s.ood()).containsKeys("ood.rotated", "ood.digits");
        assertThat(s.ood().get("ood.digits").size()).isEqualTo(150);
    }

    @Test
    void withoutInvertTheFolderKeepsItsPolarity() throws IOException {
        writeClassFolders(data.resolve("mine"), new int[] {1}, 2);
        SplitPlan plan = SplitPlan.parse(shippedWith(mineSource("mine", false), MINE_RULE), "split.yaml");

        ImageSet mine = (ImageSet) DigitsSplits.load(data, plan, ALL).ood().get("ood.mine");

        assertThat(mine.pixels(0)[0] & 0xff).isEqualTo(255);               // 28x28: kept as it is
        assertThat(mine.pixels(1)[0] & 0xff).isZero();                     // resized: the padding is background
        assertThat(mine.pixels(1)[14 * 28 + 8] & 0xff).isEqualTo(255);     // inside the 16x20 box (x 6..21): paper
    }

    @Test
    void anAbsolutePathIsReadAsItIs(@TempDir Path elsewhere) throws IOException {
        writeClassFolders(elsewhere.resolve("mine"), new int[] {2}, 3);
        String source = mineSource(elsewhere.resolve("mine").toAbsolutePath().toString(), true);

        OfflineSplits s = DigitsSplits.load(data, SplitPlan.parse(shippedWith(source, MINE_RULE), "s"), ALL);

        assertThat(s.ood().get("ood.mine").size()).isEqualTo(3);
    }

    @Test
    void aMissingFolderIsAnErrorNamingTheSourceTheKeyAndTheValue() throws IOException {
        SplitPlan plan = SplitPlan.parse(shippedWith(mineSource("no-such", true), MINE_RULE), "split.yaml");

        assertThatThrownBy(() -> DigitsSplits.load(data, plan, ALL))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("source 'my-digits' (image-folder): path was 'no-such' (" + data.resolve("no-such")
                        + ") but must be a folder holding one folder per class, named by its label (0 to 9)");
    }

    @Test
    void classFoldersThatAreNotDigitLabelsAreAnError() throws IOException {
        writeClassFolders(data.resolve("mine"), new int[] {1, 12}, 1);
        Files.createDirectories(data.resolve("mine/cat"));
        SplitPlan plan = SplitPlan.parse(shippedWith(mineSource("mine", true), MINE_RULE), "split.yaml");

        assertThatThrownBy(() -> DigitsSplits.load(data, plan, ALL))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("source 'my-digits' (image-folder): path 'mine' has class folders [12, cat] "
                        + "that are not labels of this benchmark; class folders must be named by their label, 0 to 9");
    }

    @Test
    void anUnreadableImageIsAnErrorNamingTheFile() throws IOException {
        writeClassFolders(data.resolve("mine"), new int[] {4}, 1);
        Files.writeString(data.resolve("mine/4/broken.png"), "not a png");
        SplitPlan plan = SplitPlan.parse(shippedWith(mineSource("mine", true), MINE_RULE), "split.yaml");

        assertThatThrownBy(() -> DigitsSplits.load(data, plan, ALL))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("source 'my-digits' (image-folder): mine/4/broken.png")
                .hasMessageContaining("fix or remove the file");
    }

    @Test
    void aMissingIdxFileIsAnErrorNamingTheSource() throws IOException {
        Files.delete(data.resolve("mnist/t10k-labels-idx1-ubyte"));

        assertThatThrownBy(() -> DigitsSplits.load(data, SplitPlan.load(Path.of("../config/split-digits.yaml")), ALL))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("source 'mnist-test' (idx): labels was 'mnist/t10k-labels-idx1-ubyte'")
                .hasMessageContaining("but must be an existing file");
    }

    @Test
    void aDeclaredSourceNoRuleRoutesIsNotRead() throws IOException {
        // The folder does not exist: reading it would fail.
        SplitPlan plan = SplitPlan.parse(shippedWith(mineSource("no-such", true), ""), "split.yaml");

        assertThat(DigitsSplits.load(data, plan, ALL).ood()).containsOnlyKeys("ood.rotated", "ood.digits");
    }
}
