package org.levistream.model.levi;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.cache.TapCache;
import org.levistream.model.internal.Seeds;
import org.levistream.model.task.RowSparse;
import org.levistream.model.task.TaskModels;
import org.levistream.model.tensor.NamedTensor;

/**
 * A LEVI model (or baseline): the backbone's selected taps, their projections P_k (linear + LayerNorm to a
 * common width), the small task model g, and the head A over the views. Shapes: taps {@code [B, width_k]},
 * projections {@code [B, projectionWidth]}, g {@code [B, small.width]}; output {@code [B]} ratings or
 * {@code [B, classes]} logits.
 *
 * <p>Parameter names are stable and prefixed by role: {@code proj.<tap>.}, {@code small.}, {@code head.} (or
 * {@code head.<view>.} per view) and {@code backbone.} for a backbone that trains. The model's own parameters
 * live in {@link #manager()}; the backbone keeps its own. The model does not own the backbone.
 */
public final class LeviModel implements AutoCloseable {
    /** The optimizer's backbone group is exactly these parameters. */
    private static final String BACKBONE_PREFIX = org.levistream.model.optim.StatefulOptimizer.BACKBONE_PREFIX;

    private final ModelSpec spec;
    private final Backbone backbone;
    private final Device device;
    private final NDManager manager;
    private final int[] tapIndexes;
    private final List<TapInfo> usedTaps;
    private final List<Block> projections = new ArrayList<>();
    private final Block small;
    private final List<Block> heads = new ArrayList<>();
    private final Map<String, Parameter> ownParameters;

    private LeviModel(ModelSpec spec, Backbone backbone, Device device) {
        this.spec = spec;
        this.backbone = backbone;
        this.device = device;
        this.tapIndexes = Adapters.selectTaps(spec, backbone);
        List<TapInfo> used = new ArrayList<>();
        for (int i : tapIndexes) {
            used.add(backbone.taps().get(i));
        }
        this.usedTaps = List.copyOf(used);
        this.manager = NDManager.newBaseManager(device);
        Map<String, Parameter> named = new LinkedHashMap<>();
        // Initialisation draws from the engine's generator: seed it so equal specs give equal parameters.
        Engine.getInstance().setRandomSeed(Seeds.forStep(spec.seed(), -1));
        List<String> viewNames = new ArrayList<>();
        List<Integer> viewWidths = new ArrayList<>();
        for (TapInfo tap : usedTaps) {
            viewNames.add(tap.name());
            if (spec.method().projects()) {
                Block p = Adapters.projection(spec.projectionWidth());
                p.initialize(manager, DataType.FLOAT32, new Shape(1, tap.width()));
                projections.add(p);
                collect(named, "proj." + tap.name() + ".", p);
                viewWidths.add(spec.projectionWidth());
            } else {
                viewWidths.add(tap.width());
            }
        }
        if (spec.method().usesSmallModel()) {
            small = TaskModels.build(spec.small());
            small.initialize(manager, DataType.FLOAT32, TaskModels.inputShape(spec.small()));
            collect(named, "small.", small);
            viewNames.add("small");
            viewWidths.add(spec.small().width());
        } else {
            small = null;
        }
        buildHeads(named, viewNames, viewWidths);
        this.ownParameters = Collections.unmodifiableMap(named);
    }

    /**
     * Builds a model with freshly initialised adapting layers and task model.
     *
     * @param spec     the settings
     * @param backbone the backbone whose taps are views; may be {@code null} only for {@link Method#SMALL_ONLY}
     * @param device   where the model's parameters live; must be the backbone's device
     * @return the model; the caller closes it (the backbone separately)
     * @throws InvalidConfigException if {@code model.taps} names a tap the backbone lacks, or a backbone is missing
     */
    public static LeviModel create(ModelSpec spec, Backbone backbone, Device device) {
        if (spec.method().usesBackbone() && backbone == null) {
            throw new InvalidConfigException(ModelSpec.METHOD + " was " + spec.method().settingName()
                    + " but no backbone was given; only small-only runs without one");
        }
        if (backbone != null && !backbone.device().equals(device)) {
            throw new IllegalArgumentException("the backbone lives on " + backbone.device() + " but the model on "
                    + device + "; load both on the same device");
        }
        return new LeviModel(spec, spec.method().usesBackbone() ? backbone : null, device);
    }

    /**
     * Returns the settings.
     *
     * @return the spec
     */
    public ModelSpec spec() {
        return spec;
    }

    /**
     * Returns the backbone, or {@code null} for {@link Method#SMALL_ONLY}.
     *
     * @return the backbone
     */
    public Backbone backbone() {
        return backbone;
    }

    /**
     * Returns the device.
     *
     * @return where the parameters live and batches must be built
     */
    public Device device() {
        return device;
    }

    /**
     * Returns the manager that owns the model's own parameters (not the backbone's).
     *
     * @return the manager
     */
    public NDManager manager() {
        return manager;
    }

    /**
     * Returns the taps this model uses as views, in view order.
     *
     * @return the used taps; empty for {@link Method#SMALL_ONLY}
     */
    public List<TapInfo> usedTaps() {
        return usedTaps;
    }

    /**
     * Returns the projections', g's and heads' parameters: the ones every method trains.
     *
     * @return name to parameter, in a stable order
     */
    public Map<String, Parameter> ownParameters() {
        return ownParameters;
    }

    /**
     * Returns every parameter the method trains at some step: the own parameters, then, for {@link Method#FT}
     * and {@link Method#LP_FT}, the backbone's (prefixed {@code backbone.}). Checkpoints and the optimizer
     * cover exactly these.
     *
     * @return name to parameter, in a stable order
     */
    public Map<String, Parameter> trainableParameters() {
        if (!spec.method().evertrainsBackbone()) {
            return ownParameters;
        }
        Map<String, Parameter> all = new LinkedHashMap<>(ownParameters);
        backbone.parameters().forEach((name, p) -> all.put(BACKBONE_PREFIX + name, p));
        return Collections.unmodifiableMap(all);
    }

    /**
     * Returns the parameters that take gradients when the backbone is or is not training.
     *
     * @param backboneTrains whether this step trains the backbone
     * @return name to parameter
     */
    Map<String, Parameter> activeParameters(boolean backboneTrains) {
        return backboneTrains ? trainableParameters() : ownParameters;
    }

    /**
     * Computes the used taps for a batch, from the tap cache when one is given and the backbone is frozen.
     *
     * @param batch    the batch; its arrays must already be in {@code scope}
     * @param scope    the step's manager, which will own the results
     * @param training whether the backbone runs in training mode (it trains this step)
     * @param cache    a cache of frozen taps, or {@code null}
     * @return one {@code [B, width]} array per used tap; empty for {@link Method#SMALL_ONLY}
     */
    NDList usedTaps(Batch batch, NDManager scope, boolean training, TapCache cache) {
        if (backbone == null) {
            return new NDList();
        }
        if (batch.backboneInput().isEmpty()) {
            throw new IllegalArgumentException("method " + spec.method().settingName() + " needs a backbone input");
        }
        NDList all = cache != null && !training && !batch.keys().isEmpty()
                ? cache.taps(batch.backboneInput(), batch.keys(), scope)
                : backbone.taps(batch.backboneInput(), training);
        NDList used = new NDList(tapIndexes.length);
        for (int i : tapIndexes) {
            used.add(all.get(i));
        }
        return used;
    }

    /**
     * Runs the adapting layers and the task model over the views.
     *
     * @param store     the step's parameter store
     * @param taps      the used taps, {@code [B, width_k]} each
     * @param taskInput g's input
     * @param training  whether dropout is active
     * @return {@code [B]} ratings or {@code [B, classes]} logits, in the taps' (or task input's) manager
     */
    NDArray forward(ParameterStore store, NDList taps, NDList taskInput, boolean training) {
        if (small != null && taskInput.isEmpty()) {
            throw new IllegalArgumentException("method " + spec.method().settingName() + " needs a task input for g");
        }
        NDList views = new NDList();
        for (int k = 0; k < taps.size(); k++) {
            views.add(projections.isEmpty() ? taps.get(k)
                    : projections.get(k).forward(store, new NDList(taps.get(k)), training).head());
        }
        if (small != null) {
            views.add(small.forward(store, taskInput, training).head());
        }
        NDArray out;
        if (heads.size() > 1) {
            out = heads.get(0).forward(store, new NDList(views.get(0)), training).head();
            for (int k = 1; k < heads.size(); k++) {
                out = out.add(heads.get(k).forward(store, new NDList(views.get(k)), training).head());
            }
        } else {
            NDArray joined = views.size() == 1 ? views.head() : NDArrays.concat(views, 1);
            out = heads.get(0).forward(store, new NDList(joined), training).head();
        }
        return spec.task() == TaskKind.RATING ? out.reshape(-1) : out;
    }

    /**
     * Computes the task loss: mean squared error for ratings, softmax cross-entropy for classes.
     *
     * @param prediction the output of the forward pass
     * @param labels     {@code [B]} ratings or class indices
     * @return a scalar
     */
    NDArray loss(NDArray prediction, NDArray labels) {
        if (spec.task() == TaskKind.RATING) {
            return prediction.sub(labels.toType(DataType.FLOAT32, false).reshape(-1)).square().mean();
        }
        NDArray logProbabilities = prediction.logSoftmax(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).reshape(-1).oneHot(spec.classes());
        return logProbabilities.mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /**
     * Returns, per row-sparse table (prefixed name), the rows this batch touches, on the batch's device: the
     * builder's {@link Batch#idRows()} when it gave them (nothing leaves the device), else read back from the ids.
     *
     * @param batch the batch, borrowed into {@code scope}
     * @param scope the step's manager, owning rows made here
     * @return prefixed parameter name to sorted rows; empty if g has no tables
     * @throws IllegalArgumentException if a row is outside its table
     */
    Map<String, NDArray> touchedRows(Batch batch, NDManager scope) {
        if (!(small instanceof RowSparse sparse)) {
            return Map.of();
        }
        Map<String, NDArray> rows = new LinkedHashMap<>();
        if (batch.idRows() != null) {
            sparse.touchedRows(batch.idRows()).forEach((name, r) -> rows.put("small." + name, r));
        } else {
            sparse.touchedRows(batch.taskInput()).forEach((name, r) -> rows.put("small." + name, scope.create(r)));
        }
        return rows;
    }

    /**
     * Predicts for a batch, backbone frozen and dropout off.
     *
     * @param batch the batch; labels are ignored
     * @param into  the manager that will own the result
     * @param cache a cache of this backbone's taps as they are now, or {@code null}; after fine-tuning the
     *              backbone, build a new cache
     * @return {@code [B]} ratings or {@code [B, classes]} logits, attached to {@code into}
     */
    public NDArray predict(Batch batch, NDManager into, TapCache cache) {
        try (NDManager scope = manager.newSubManager()) {
            Inputs.borrow(scope, batch, false);
            touchedRows(batch, scope); // validates bucket indices: an out-of-range row would fail natively
            NDArray out = forward(new ParameterStore(scope, false), usedTaps(batch, scope, false, cache),
                    batch.taskInput(), false);
            out.attach(into);
            return out;
        }
    }

    /**
     * Lists how saved parameters differ from the model's trainable ones: count, names, shapes.
     *
     * @param saved the saved parameters
     * @return one message per problem; empty when they match
     */
    public List<String> parameterMismatches(List<NamedTensor> saved) {
        Map<String, Parameter> params = trainableParameters();
        List<String> problems = new ArrayList<>();
        if (saved.size() != params.size()) {
            problems.add("has " + saved.size() + " tensors, the model has " + params.size() + " trainable parameters");
        }
        for (NamedTensor t : saved) {
            Parameter p = params.get(t.name());
            if (p == null) {
                problems.add("has " + t.name() + ", which the model does not have");
            } else if (!p.getArray().getShape().equals(t.shape())) {
                problems.add("has " + t.name() + " with shape " + t.shape() + " but the model's is "
                        + p.getArray().getShape());
            }
        }
        return problems;
    }

    /**
     * Overwrites the trainable parameters (see {@link #trainableParameters()}) in place, e.g. to serve a
     * checkpoint's version without a trainer. Everything is checked before anything is written.
     *
     * @param saved the saved parameters, e.g. {@code LoadedCheckpoint.parameters()}
     * @throws IllegalArgumentException listing every mismatch of count, name or shape
     */
    public void loadParameters(List<NamedTensor> saved) {
        List<String> problems = parameterMismatches(saved);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Map<String, Parameter> params = trainableParameters();
        for (NamedTensor t : saved) {
            t.copyInto(params.get(t.name()).getArray());
        }
    }

    /** Releases the model's own parameters; the backbone stays open. */
    @Override
    public void close() {
        manager.close();
    }

    private void buildHeads(Map<String, Parameter> named, List<String> viewNames, List<Integer> viewWidths) {
        int outputs = spec.task() == TaskKind.RATING ? 1 : spec.classes();
        if (spec.headMode() == HeadMode.PER_TAP && viewNames.size() > 1) {
            for (int k = 0; k < viewNames.size(); k++) {
                Block h = Adapters.head(spec, outputs);
                h.initialize(manager, DataType.FLOAT32, new Shape(1, viewWidths.get(k)));
                heads.add(h);
                collect(named, "head." + viewNames.get(k) + ".", h);
            }
        } else {
            Block h = Adapters.head(spec, outputs);
            h.initialize(manager, DataType.FLOAT32,
                    new Shape(1, viewWidths.stream().mapToInt(Integer::intValue).sum()));
            heads.add(h);
            collect(named, "head.", h);
        }
    }

    private static void collect(Map<String, Parameter> named, String prefix, Block block) {
        block.getParameters().forEach(pair -> named.put(prefix + pair.getKey(), pair.getValue()));
    }
}
