package shootdown.model;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import shootdown.machine.Sched;

/** A kernel algorithm with its variants: everything an engine needs to run it. */
public interface Model {
    /** Short name used on the command line, e.g. {@code cpa}. */
    String name();

    /** One line: what the model is and which kernel files it follows. */
    String title();

    /**
     * The model's kernel files in their mainline version: what a variant may replace, each by a
     * subclass, and what it runs where it replaces nothing.
     */
    Map<Class<? extends KernelCode>, Supplier<? extends KernelCode>> kernelFiles();

    /** The built-in variants, the mainline one first. */
    List<Variant> variants();

    /**
     * The variant of that name (or catalogue id, resolved by {@link Models#variant}).
     *
     * @throws IllegalArgumentException naming the variants that exist
     */
    default Variant variant(String name) {
        for (Variant v : variants()) if (v.name().equals(name)) return v;
        throw new IllegalArgumentException("unknown " + name() + " variant '" + name + "'; known: "
                + String.join(", ", variants().stream().map(Variant::name).toList()));
    }

    /** The operations scenarios of this model may use. */
    List<Operation> operations();

    /** The boot layouts, the default one first. */
    List<Layout> layouts();

    /** Whether {@code name} is one of {@link #layouts()} (a model with a family of layouts says more). */
    default boolean hasLayout(String name) {
        return layouts().stream().anyMatch(layout -> layout.name().equals(name));
    }

    /** The mainline version of one of {@link #kernelFiles()}, fresh for one CPU. */
    default KernelCode mainlineFile(Class<?> file) {
        Supplier<? extends KernelCode> version = kernelFiles().get(file);
        if (version == null) throw new IllegalArgumentException(file.getSimpleName() + " is not a kernel file of " + name());
        return version.get();
    }

    /**
     * The operations (with their pages) that {@code prove} assigns to CPUs: every scenario within
     * a bound is built from these. Empty if the model does not support proofs yet.
     */
    default List<Op> proveAlphabet() {
        return List.of();
    }

    /** The boot layout proofs start from. */
    default String proveLayout() {
        return layouts().get(0).name();
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
     * True if CPUs are interchangeable: renumbering the CPUs of a state (in the machine, in every
     * device, in what each CPU's code keeps) gives a state whose futures are the renumbered
     * futures of the first. That holds when the code never depends on which CPU runs it except
     * through the machine (its own TLB, lock, cpumask bit, which the machine renames), every
     * value a step returns that names CPUs is a {@link shootdown.machine.CpuSet}, and every
     * device renames the CPUs it names ({@link shootdown.machine.Device#fingerprint}). A search
     * over a whole proof bound then visits one of any set of states that differ only by which CPU
     * is which. Checked by tests: the states reachable from a scenario and from the same
     * scenario with its CPUs permuted must have the same keys.
     */
    default boolean cpusInterchangeable() {
        return false;
    }

    /**
     * The same for one variant booted from one layout: a variant whose code walks CPUs in their
     * numbers' order, or a layout that boots CPUs unlike each other outside the machine (code
     * state the key does not hold), breaks it.
     */
    default boolean cpusInterchangeable(Variant variant, String layout) {
        return cpusInterchangeable();
    }

    /** A fresh machine in its boot state running this model's code. */
    ModelInstance newInstance(Variant variant, Scenario scenario, Sched sched);
}
