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

    /**
     * True if a CPU's code keeps nothing from one operation to the next outside the machine: an
     * operation's future depends on the machine and its own steps only. The explorer then
     * forgets how a finished operation went, so paths that differ only in that meet.
     */
    default boolean operationsIndependent() {
        return false;
    }

    /**
     * True if CPUs are interchangeable: the code never depends on which CPU runs it, no step
     * returns a CPU's number, and the machine has no devices (devices name CPUs). A search over a
     * whole proof bound then visits one of any set of states that differ only by which CPU is which.
     */
    default boolean cpusInterchangeable() {
        return false;
    }

    /** A fresh machine in its boot state running this model's code. */
    ModelInstance newInstance(String variant, Scenario scenario, Sched sched);
}
