package shootdown.model;

import java.util.List;

/** Looking operations up by name, with the one-line answer bad input gets. */
public final class Operations {
    private Operations() {
    }

    /** @throws IllegalArgumentException listing the model's operations */
    public static Operation named(Model model, String name) {
        for (Operation op : model.operations()) if (op.name().equals(name)) return op;
        throw new IllegalArgumentException("unknown " + model.name() + " operation '" + name + "'; known: "
                + String.join(", ", names(model)));
    }

    public static List<String> names(Model model) {
        return model.operations().stream().map(Operation::name).toList();
    }

    /** Every operation of every CPU of {@code scenario} exists in {@code model}. */
    public static void check(Model model, List<List<Op>> opsPerCpu) {
        for (List<Op> ops : opsPerCpu) for (Op op : ops) named(model, op.name());
    }

    /** @throws IllegalArgumentException naming the model's layouts */
    public static void requireLayout(Model model, String name) {
        if (!model.hasLayout(name)) {
            throw new IllegalArgumentException("unknown " + model.name() + " layout '" + name + "'; known: "
                    + String.join(", ", model.layouts().stream().map(Layout::name).toList()));
        }
    }
}
