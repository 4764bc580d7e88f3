package shootdown.model;

import java.util.List;
import shootdown.machine.Sched;

/** A kernel algorithm with its variants: everything an engine needs to run it. */
public interface Model {
    /** Short name used on the command line, e.g. {@code cpa}. */
    String name();

    /** The variant names this model accepts. */
    List<String> variants();

    /** The operation names scenarios of this model may use. */
    List<String> operations();

    /**
     * The operations (with their pages) that {@code prove} assigns to CPUs: every scenario within
     * a bound is built from these. Empty if the model does not support proofs yet.
     */
    default List<Op> proveAlphabet() {
        return List.of();
    }

    /** The boot layout proofs start from. */
    default String proveLayout() {
        return "";
    }

    /** What a proof of this model assumes, in words, for the report. */
    default String proveAssumptions() {
        return "";
    }

    /** A fresh machine in its boot state running this model's code. */
    ModelInstance newInstance(String variant, Scenario scenario, Sched sched);
}
