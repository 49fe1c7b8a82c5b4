package org.levistream.model.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.tensor.NamedTensor;

/**
 * Adam or SGD over a fixed set of named parameters, with state we own: per parameter an update count and its
 * moment arrays, allocated up front (zeros) in this optimizer's manager on the training device.
 *
 * <p>Embedding tables are updated row-sparsely: for a parameter given touched rows, only those rows of the
 * weight, the moments and the gradient are read or written (lazy Adam), so untouched rows stay bit-identical and
 * the cost of a step does not grow with the table.
 *
 * <p>Two parameter groups: the backbone's (names starting {@value #BACKBONE_PREFIX}) steps at the learning rate
 * times {@link OptimizerSpec#backboneLearningRateFactor()}, the rest at the learning rate. With a factor of 1 both
 * groups use the very same rate array, so the step is the one of a single-group optimizer, bit for bit.
 *
 * <p>Scopes: {@link #update} borrows the weight and its moments into the step's scope with
 * {@code tempAttachAll}, so the gradient handle and every temporary land there and are freed when the step
 * closes; nothing is ever created in the weight's or the optimizer's manager after construction, which is why
 * tests can {@code cap()} them.
 */
public final class StatefulOptimizer implements AutoCloseable {
    /**
     * Names of the backbone's parameter group: they step at {@link OptimizerSpec#learningRateOf(boolean)
     * learningRateOf(true)}, every other parameter at the learning rate itself.
     */
    public static final String BACKBONE_PREFIX = "backbone.";

    private final OptimizerSpec spec;
    private final NDManager manager;
    private final Map<String, SlotArrays> slots = new LinkedHashMap<>();
    private final Constants constants;

    /**
     * The settings as scalar arrays on the device, made once. An op with a Java number makes a scalar array for that
     * one call (a direct buffer and a native tensor, freed again), several per parameter per step; an op with one of
     * these is the same op, with the same result.
     */
    private record Constants(NDArray beta1, NDArray oneMinusBeta1, NDArray beta2, NDArray oneMinusBeta2,
                             NDArray learningRate, NDArray backboneLearningRate, NDArray epsilon, NDArray momentum,
                             NDArray weightDecay) {
        static Constants of(OptimizerSpec spec, NDManager manager) {
            NDArray rate = manager.create(spec.learningRate());
            NDArray backboneRate = spec.backboneLearningRateFactor() == 1f ? rate
                    : manager.create(spec.learningRateOf(true));
            return new Constants(manager.create(spec.beta1()), manager.create(1 - spec.beta1()),
                    manager.create(spec.beta2()), manager.create(1 - spec.beta2()), rate, backboneRate,
                    manager.create(spec.epsilon()), manager.create(spec.momentum()),
                    manager.create(spec.weightDecay()));
        }
    }

    /** One parameter's live state. */
    private static final class SlotArrays {
        long steps;
        final List<NDArray> moments;
        /** The rate of the slot's group, one of the constants. */
        final NDArray learningRate;

        SlotArrays(List<NDArray> moments, NDArray learningRate) {
            this.moments = moments;
            this.learningRate = learningRate;
        }
    }

    /**
     * Allocates zero state for every parameter that may ever be trained.
     *
     * @param spec       the settings
     * @param parameters name to shape, in a stable order (the order of the saved state)
     * @param device     the training device
     */
    public StatefulOptimizer(OptimizerSpec spec, Map<String, Shape> parameters, Device device) {
        this.spec = spec;
        this.manager = NDManager.newBaseManager(device);
        this.constants = Constants.of(spec, manager);
        parameters.forEach((name, shape) -> {
            List<NDArray> moments = new ArrayList<>();
            for (String moment : momentNames()) {
                NDArray zeros = manager.zeros(shape);
                zeros.setName(moment);
                moments.add(zeros);
            }
            NDArray rate = name.startsWith(BACKBONE_PREFIX) ? constants.backboneLearningRate()
                    : constants.learningRate();
            slots.put(name, new SlotArrays(Collections.unmodifiableList(moments), rate));
        });
    }

    /**
     * Returns the settings.
     *
     * @return the spec
     */
    public OptimizerSpec spec() {
        return spec;
    }

    /**
     * Returns the manager that owns the moments; tests cap it to catch leaks.
     *
     * @return the state's manager
     */
    public NDManager manager() {
        return manager;
    }

    /**
     * Applies one update to one parameter from its accumulated gradient, then zeroes that gradient (the
     * touched rows of it, for a row-sparse update) so the next backward pass starts clean.
     *
     * @param scope  the step's manager; the weight and its state are borrowed into it for the update
     * @param name   the parameter's name, one given to the constructor
     * @param weight the parameter's array; must have a gradient and must not be attached to {@code scope} yet
     * @param rows   sorted distinct rows to update (an embedding table's touched rows), or {@code null} to
     *               update the whole array
     */
    public void update(NDManager scope, String name, NDArray weight, long[] rows) {
        update(scope, name, weight, rows == null ? null : scope.create(rows));
    }

    /**
     * As {@link #update(NDManager, String, NDArray, long[])}, with the rows already on the weight's device, so the
     * update reads nothing back to the host.
     *
     * @param scope  the step's manager
     * @param name   the parameter's name
     * @param weight the parameter's array
     * @param rows   sorted distinct int64 rows on the weight's device, or {@code null} for the whole array
     */
    public void update(NDManager scope, String name, NDArray weight, NDArray rows) {
        SlotArrays slot = slots.get(name);
        if (slot == null) {
            throw new IllegalArgumentException("the optimizer has no state for parameter " + name
                    + "; it knows " + slots.keySet());
        }
        if (rows != null && rows.size() == 0) {
            return;
        }
        scope.tempAttachAll(weight);
        slot.moments.forEach(scope::tempAttachAll);
        NDArray grad = weight.getGradient();
        slot.steps++;
        if (rows == null) {
            updateDense(weight, grad, slot);
            grad.set(new NDIndex(":"), 0f);
        } else {
            NDIndex index = new NDIndex("{}", rows);
            updateRows(weight, grad, slot, index);
            grad.set(index, 0f);
        }
    }

    private void updateDense(NDArray w, NDArray grad, SlotArrays slot) {
        Constants c = constants;
        NDArray g = spec.weightDecay() > 0 ? grad.add(w.mul(c.weightDecay())) : grad;
        if (spec.kind() == OptimizerSpec.Kind.ADAM) {
            NDArray m = slot.moments.get(0);
            NDArray v = slot.moments.get(1);
            m.muli(c.beta1()).addi(g.mul(c.oneMinusBeta1()));
            v.muli(c.beta2()).addi(g.square().muli(c.oneMinusBeta2()));
            w.subi(adamStep(m, v, slot.steps, slot.learningRate));
        } else if (slot.moments.isEmpty()) {
            w.subi(g.mul(slot.learningRate));
        } else {
            NDArray velocity = slot.moments.get(0);
            velocity.muli(c.momentum()).addi(g);
            w.subi(velocity.mul(slot.learningRate));
        }
    }

    private void updateRows(NDArray w, NDArray grad, SlotArrays slot, NDIndex rows) {
        Constants c = constants;
        NDArray g = grad.get(rows);
        if (spec.weightDecay() > 0) {
            g = g.add(w.get(rows).mul(c.weightDecay()));
        }
        NDArray step;
        if (spec.kind() == OptimizerSpec.Kind.ADAM) {
            NDArray m = slot.moments.get(0).get(rows).muli(c.beta1()).addi(g.mul(c.oneMinusBeta1()));
            NDArray v = slot.moments.get(1).get(rows).muli(c.beta2()).addi(g.square().muli(c.oneMinusBeta2()));
            slot.moments.get(0).set(rows, m);
            slot.moments.get(1).set(rows, v);
            step = adamStep(m, v, slot.steps, slot.learningRate);
        } else if (slot.moments.isEmpty()) {
            step = g.mul(slot.learningRate);
        } else {
            NDArray velocity = slot.moments.get(0).get(rows).muli(c.momentum()).addi(g);
            slot.moments.get(0).set(rows, velocity);
            step = velocity.mul(slot.learningRate);
        }
        w.set(rows, w.get(rows).subi(step));
    }

    /** lr * m_hat / (sqrt(v_hat) + eps), with bias corrections computed in double for this update count. */
    private NDArray adamStep(NDArray m, NDArray v, long t, NDArray learningRate) {
        float correction1 = (float) (1 - Math.pow(spec.beta1(), t));
        float correction2 = (float) (1 - Math.pow(spec.beta2(), t));
        NDArray denominator = v.div(correction2).sqrt().addi(constants.epsilon());
        return m.div(correction1).divi(denominator).muli(learningRate);
    }

    /**
     * Copies the whole state to the heap.
     *
     * @return the state, in parameter order
     */
    public OptimizerState snapshot() {
        List<OptimizerState.Slot> out = new ArrayList<>(slots.size());
        slots.forEach((name, slot) -> {
            List<NamedTensor> moments = new ArrayList<>();
            for (NDArray m : slot.moments) {
                moments.add(NamedTensor.copyOf(m.getName(), m));
            }
            out.add(new OptimizerState.Slot(name, slot.steps, moments));
        });
        return new OptimizerState(spec.kind(), out);
    }

    /**
     * Overwrites the state in place with a snapshot, after checking that it matches exactly: same kind, same
     * parameters in the same order, same moment names and shapes.
     *
     * @param state a snapshot, e.g. read from {@code optimizer.bin}
     * @throws IllegalArgumentException naming the first mismatch; the state is then left unchanged
     */
    public void restore(OptimizerState state) {
        List<String> problems = mismatches(state);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        int i = 0;
        for (SlotArrays slot : slots.values()) {
            OptimizerState.Slot saved = state.slots().get(i++);
            slot.steps = saved.steps();
            for (int k = 0; k < slot.moments.size(); k++) {
                saved.moments().get(k).copyInto(slot.moments.get(k));
            }
        }
    }

    private List<String> mismatches(OptimizerState state) {
        List<String> problems = new ArrayList<>();
        if (state.kind() != spec.kind()) {
            problems.add("the state is for " + state.kind() + " but the optimizer is " + spec.kind());
            return problems;
        }
        if (state.slots().size() != slots.size()) {
            problems.add("the state has " + state.slots().size() + " parameters (" + state.tensorCount()
                    + " tensors), the model has " + slots.size() + " trainable parameters");
            return problems;
        }
        int i = 0;
        for (Map.Entry<String, SlotArrays> e : slots.entrySet()) {
            OptimizerState.Slot saved = state.slots().get(i++);
            if (!saved.name().equals(e.getKey())) {
                problems.add("state #" + i + " is for " + saved.name() + " but the model's is " + e.getKey());
                continue;
            }
            List<NDArray> live = e.getValue().moments;
            if (saved.moments().size() != live.size()) {
                problems.add(e.getKey() + " has " + saved.moments().size() + " moment tensors, expected " + live.size());
                continue;
            }
            for (int k = 0; k < live.size(); k++) {
                Shape expected = live.get(k).getShape();
                Shape found = saved.moments().get(k).shape();
                if (!found.equals(expected)) {
                    problems.add(e.getKey() + "/" + live.get(k).getName() + " has shape " + found + " in the state but "
                            + expected + " in the model");
                }
            }
        }
        return problems;
    }

    private List<String> momentNames() {
        if (spec.kind() == OptimizerSpec.Kind.ADAM) {
            return List.of("m", "v");
        }
        return spec.momentum() > 0 ? List.of("velocity") : List.of();
    }

    /** Releases the state. */
    @Override
    public void close() {
        manager.close();
    }
}
