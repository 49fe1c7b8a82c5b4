import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.levistream.experiment.offline.EngineThreads;
import org.levistream.experiment.offline.MovieLensSplits;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.ingest.sources.SourceReaders;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.BertTopLayers;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.backbone.bert.TextViewTopLayers;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.cache.TextViews;
import org.levistream.model.cache.TokenStates;
import org.levistream.model.features.ItemTextViews;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * The time of one FT step of language-based MovieLens (batch of ratings, Adam, the top k MiniLM layers over the item
 * texts' cached token rows), as `levi experiment --benchmark movielens-lm --methods ft` trains it; the item texts are
 * those of randomly drawn real ratings, so popular items repeat in a batch as they do in training. The token rows are
 * computed first and timed apart (the experiment warms them before the protocol). Run from the repository root:
 *
 *   java -Dai.djl.offline=true -cp app/target/levi.jar scripts/MovieLensLmFtStep.java data 200 1 1 5 1,2
 *
 * arguments: data folder, batch size, threads, untimed steps, timed steps, top-layer counts.
 */
public final class MovieLensLmFtStep {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        EngineThreads.configure(Integer.parseInt(args[2]));
        int warmup = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        List<String> ratings = itemTexts(data);
        Random r = new Random(1);
        Path folder = MiniLm.dataFolder(data);
        try (BertBackbone encoder = BertBackbone.load(folder.resolve(MiniLm.ONNX_FILE), Device.cpu());
             BertTokenizer tokenizer = BertTokenizer.open(folder.resolve(MiniLm.TOKENIZER_FILE))) {
            for (String k : args[5].split(",")) {
                int top = Integer.parseInt(k);
                TextCorpus corpus = new TextCorpus();
                List<long[]> batches = new ArrayList<>();
                for (int b = 0; b < warmup + steps; b++) {
                    long[] numbers = new long[batch];
                    for (int i = 0; i < batch; i++) {
                        numbers[i] = corpus.number(ratings.get(r.nextInt(ratings.size())));
                    }
                    batches.add(numbers);
                }
                TokenStates states = new TokenStates(encoder, tokenizer, encoder.layers() - top);
                long t0 = System.nanoTime();
                corpus.all().forEach(states::of);
                double warm = (System.nanoTime() - t0) / 1e9;
                time(encoder, tokenizer, corpus, states, top, batches, warmup, warm);
            }
        }
    }

    private static void time(BertBackbone encoder, BertTokenizer tokenizer, TextCorpus corpus, TokenStates states,
                             int top, List<long[]> batches, int warmup, double warm) {
        ModelSpec spec = ModelSpec.builder().method(Method.FT).seed(1)
                .optimizer(OptimizerSpec.adam(1e-3f)).build();
        int width = 2 * 7 * 384 + 2;
        int n = batches.get(0).length;
        try (TextViewTopLayers backbone = new TextViewTopLayers(encoder, new BertTopLayers(encoder,
                new TextViews(encoder, tokenizer), states, corpus, top));
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            backbone.setTrainable(true);
            long t0 = 0;
            for (int b = 0; b < batches.size(); b++) {
                if (b == warmup) {
                    t0 = System.nanoTime();
                }
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    float[] labels = new float[n];
                    java.util.Arrays.fill(labels, 3.5f);
                    trainer.trainStep(Batch.of(new NDList(m.zeros(new Shape(n, width)), m.create(batches.get(b))),
                            new NDList(), m.create(labels)));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            int timed = batches.size() - warmup;
            System.out.println(String.format(Locale.ROOT, "top %d: %.3f s per FT step of %d ratings (%d timed steps, "
                    + "%d distinct item texts, token rows of layer %d computed in %.1f s)", top, seconds / timed, n,
                    timed, corpus.size(), encoder.layers() - top, warm));
        }
    }

    /** The item text of every rating in the MovieLens file, one per rating. */
    private static List<String> itemTexts(Path data) {
        List<String> texts = new ArrayList<>();
        try (RecordReader<InteractionEvent> reader = SourceReaders.interactions(MovieLensSplits.DEFAULT_SOURCE,
                data)) {
            while (reader.hasNext()) {
                if (reader.next() instanceof ReadResult.Accepted<InteractionEvent> a) {
                    var e = MovieLensSplits.example(a.value());
                    texts.add(ItemTextViews.text(e.title(), e.genres(), e.releaseYear()));
                }
            }
        }
        return texts;
    }
}
