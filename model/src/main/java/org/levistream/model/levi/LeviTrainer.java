package org.levistream.model.levi;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.cache.TapCache;
import org.levistream.model.internal.Seeds;
import org.levistream.model.internal.TrainingThreads;
import org.levistream.model.optim.StatefulOptimizer;
import org.levistream.model.tensor.NamedTensor;

/**
 * Trains a {@link LeviModel} one batch at a time with our own {@link StatefulOptimizer} (no DJL
 * {@code Trainer}: it would unfreeze a loaded model and keep Adam's moments out of reach).
 *
 * <p>A step, in full: reseed the engine from (seed, step); borrow the batch into a fresh scope; compute taps
 * (from the cache when the backbone is frozen); forward and backward under a gradient collector; copy the loss
 * out (the step's one read from the device, so that a NaN is refused before any update); update every active parameter (row-sparsely for embedding tables) and zero its gradient; close the scope.
 * Every array the step creates dies with the scope.
 *
 * <p>DJL's gradient collector and the engine's random generator are process-wide, so steps of all trainers in a
 * JVM run one at a time. A trainer is used by one thread.
 */
public final class LeviTrainer implements AutoCloseable {
    /** Guards the process-wide gradient collector and random generator. */
    private static final Object ENGINE_LOCK = new Object();

    private final LeviModel model;
    private final TapCache cache;
    private final StatefulOptimizer optimizer;
    private final NDManager root;
    private long step;

    /**
     * Creates a trainer over a model; the model and its backbone stay owned by the caller.
     *
     * @param model the model to train
     * @param cache a cache of the model's backbone's taps, or {@code null}; used only for batches with keys
     * @throws IllegalArgumentException if a cache is given for a method that trains the backbone (its cached
     *                                  taps would go stale) or for another backbone
     */
    public LeviTrainer(LeviModel model, TapCache cache) {
        if (cache != null && model.spec().method().evertrainsBackbone()) {
            throw new IllegalArgumentException("a tap cache needs a frozen backbone but method "
                    + model.spec().method().settingName() + " trains it");
        }
        if (cache != null && cache.backbone() != model.backbone()) {
            throw new IllegalArgumentException("the tap cache was built for another backbone than the model's");
        }
        this.model = model;
        this.cache = cache;
        Map<String, Shape> shapes = new LinkedHashMap<>();
        model.trainableParameters().forEach((name, p) -> shapes.put(name, p.getArray().getShape()));
        this.optimizer = new StatefulOptimizer(model.spec().optimizer(), shapes, model.device());
        this.root = NDManager.newBaseManager(model.device());
        syncBackboneMode();
    }

    /**
     * Runs one optimisation step.
     *
     * @param batch a labelled batch on the model's device; its arrays are borrowed and handed back
     * @return the batch's mean loss before the update
     * @throws IllegalStateException if the loss is NaN or infinite; the parameters are then left unchanged
     */
    public float trainStep(Batch batch) {
        if (batch.labels() == null) {
            throw new IllegalArgumentException("a training batch needs labels");
        }
        TrainingThreads.prepareCurrent();
        synchronized (ENGINE_LOCK) {
            boolean backboneTrains = syncBackboneMode();
            try (NDManager scope = root.newSubManager()) {
                Engine.getInstance().setRandomSeed(Seeds.forStep(model.spec().seed(), step));
                Inputs.borrow(scope, batch, true);
                Map<String, NDArray> rows = model.touchedRows(batch, scope);
                float loss;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList taps = model.usedTaps(batch, scope, backboneTrains, cache);
                    NDArray prediction = model.forward(new ParameterStore(scope, false), taps, batch.taskInput(), true);
                    NDArray lossArray = model.loss(prediction, batch.labels());
                    collector.backward(lossArray);
                    loss = lossArray.getFloat(); // copied out before the scope closes
                }
                Map<String, Parameter> active = model.activeParameters(backboneTrains);
                if (!Float.isFinite(loss)) {
                    discardGradients(scope, active);
                    throw new IllegalStateException("loss is " + loss + " at step " + step + "; parameters unchanged");
                }
                active.forEach((name, p) -> optimizer.update(scope, name, p.getArray(), rows.get(name)));
                step++;
                return loss;
            }
        }
    }

    /**
     * Predicts for a batch with the current parameters, backbone frozen and dropout off.
     *
     * @param batch the batch; labels are ignored
     * @param into  the manager that will own the result
     * @return {@code [B]} ratings or {@code [B, classes]} logits
     */
    public NDArray predict(Batch batch, NDManager into) {
        return model.predict(batch, into, cache);
    }

    /**
     * Returns how many steps have run (including those restored from a checkpoint).
     *
     * @return the next step's 0-based number
     */
    public long step() {
        return step;
    }

    /**
     * Returns the model being trained.
     *
     * @return the model
     */
    public LeviModel model() {
        return model;
    }

    /**
     * Returns the optimizer.
     *
     * @return the optimizer, whose state checkpoints save
     */
    public StatefulOptimizer optimizer() {
        return optimizer;
    }

    /**
     * Returns the manager under which every step's scope is opened.
     *
     * @return the trainer's root manager
     */
    public NDManager manager() {
        return root;
    }

    /**
     * Copies everything needed to resume exactly: step, trainable parameters, optimizer state.
     *
     * @return the state, on the heap
     */
    public TrainingState snapshot() {
        List<NamedTensor> parameters = new ArrayList<>();
        model.trainableParameters().forEach((name, p) -> parameters.add(NamedTensor.copyOf(name, p.getArray())));
        return new TrainingState(step, parameters, optimizer.snapshot());
    }

    /**
     * Overwrites step, parameters and optimizer state with a snapshot. Everything is checked before anything is
     * written, so a mismatch leaves the trainer unchanged.
     *
     * @param state a snapshot of a trainer with the same settings and backbone
     * @throws IllegalArgumentException naming what does not match
     */
    public void restore(TrainingState state) {
        List<String> problems = model.parameterMismatches(state.parameters());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        optimizer.restore(state.optimizer());
        model.loadParameters(state.parameters());
        step = state.step();
        syncBackboneMode();
    }

    /** Closes the optimizer's state and the step root; the model and backbone stay open. */
    @Override
    public void close() {
        optimizer.close();
        root.close();
    }

    /** Freezes or unfreezes the backbone for the coming step (LP-FT switches once); returns whether it trains. */
    private boolean syncBackboneMode() {
        Backbone backbone = model.backbone();
        boolean trains = model.spec().method().trainsBackboneAt(step, model.spec().unfreezeStep());
        if (backbone != null && backbone.isTrainable() != trains) {
            backbone.setTrainable(trains);
        }
        return trains;
    }

    private static void discardGradients(NDManager scope, Map<String, Parameter> active) {
        for (Parameter p : active.values()) {
            NDArray w = p.getArray();
            scope.tempAttachAll(w);
            if (w.hasGradient()) {
                w.getGradient().set(new NDIndex(":"), 0f);
            }
        }
    }
}
