package shootdown.report;

import java.util.List;

/** The "how to read this" paragraph, kept in one place so the Markdown and HTML reports say the same. */
final class HowToRead {
    record Term(String name, String text) {
    }

    static final String INTRO = "Each row is one engine's check of one catalogue variant, on the small scenario "
            + "that the catalogue row names (which CPUs run which kernel entry points on which pages).";

    static final List<Term> TERMS = List.of(
            new Term("REFUTED", "the engine found an interleaving that breaks an invariant (hazards H1-H5 of the "
                    + "domain brief: mixed-size TLB conflict, stale translation after completion, RMP fault, dirty "
                    + "cache on reclaim, leak). The trace file draws it step by step, one column per CPU; its swimlane "
                    + "page draws the same with the IPIs as arrows and each step's locks, page-table entry and TLBs. A "
                    + "refutation is a concrete execution of the model, so it holds however little was explored."),
            new Term("PASSED", "no violation. The explorer and Lincheck give it only when the search is exhausted: "
                    + "every interleaving of the scenario's atomic machine steps was tried (the explorer merges "
                    + "interleavings that reach the same state, hence its count of distinct states). For a stress "
                    + "test (jcstress) it only means that no sample hit the hazard: stress can refute a variant, "
                    + "never prove it correct."),
            new Term("INCONCLUSIVE", "the budget ran out before the search was exhausted and nothing was found. "
                    + "It says nothing either way; raise the budget."),
            new Term("ERROR", "the check could not run; the message says why."),
            new Term("SKIPPED", "the engine cannot run the row on this machine (jcstress needs a CPU per actor); "
                    + "the reason is given, and nothing was checked."),
            new Term("agrees", "whether the verdict matches what kernel history documents: a racy or buggy variant "
                    + "should be REFUTED, a safe one PASSED. A disagreement is either a finding or a modelling "
                    + "mistake; read its trace before believing either."),
            new Term("first counterexample", "time until the first violation, a rough measure of how easy the race "
                    + "is to hit."));

    static final String OUTRO = "\"Exhausted\" is a statement about the model: it covers this scenario on the "
            + "simulated worst-case machine (TLB fills at any moment, IPIs taken in any order), not every caller of "
            + "the kernel code.";

    private HowToRead() {
    }
}
