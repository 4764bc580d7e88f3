package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import shootdown.campaign.Models;
import shootdown.machine.FlushMethod;
import shootdown.machine.Footprint;
import shootdown.machine.Step;
import shootdown.model.Model;
import shootdown.model.Variant;

/**
 * The footprints partial-order reduction trusts are checked against what each step really does:
 * with footprint checking on, the machine records every part a step reads or writes, and a step
 * that touches a part its footprint leaves out stops the search, naming the step and the part.
 * Every built-in variant of every model passes over its model's proof alphabet on two CPUs; a
 * footprint that says too little (planted here on purpose) is caught.
 */
class FootprintCheckTest {
    private static final Budget BUDGET = new Budget(2_000_000, 120_000);
    private static final Budget SWEEP = new Budget(1_000, 120_000);

    static Stream<String> everyVariant() {
        List<String> out = new ArrayList<>();
        for (Model model : Models.all()) for (Variant v : model.variants()) out.add(model.name() + ":" + v.name());
        return out.stream();
    }

    /**
     * The proof's own search (with reduction) over two CPUs with one operation each, checking
     * every step it takes: up to {@link #SWEEP} states (a few variants' spaces are larger, and
     * their first states already take every kind of step their code has).
     */
    @ParameterizedTest
    @MethodSource("everyVariant")
    void everyStepOfEveryVariantTouchesOnlyWhatItDeclares(String modelAndVariant) {
        Model model = Models.named(modelAndVariant.split(":")[0]);
        Variant variant = Models.variant(model, modelAndVariant.split(":")[1]);
        Programs programs = Programs.anyOf(variant, model.proveAlphabet(), model.proveLayout(), 2, 1, null, FlushMethod.IPI);
        SnapshotSearch.Result r = new SnapshotSearch(programs, true, model.cpusInterchangeable(), true, Planted.NONE)
                .run(SWEEP, false);
        assertTrue(r.transitions() > 0 && (r.stopReason() == null || !r.stopReason().startsWith("time")),
                modelAndVariant + ": " + r.stopReason());
    }

    /**
     * The message of the search of CPA-4 (mainline) at 2x1 in which the steps named {@code call}
     * declare {@code part} less than they do: it must stop, naming the step.
     */
    private static String caughtWithout(String call, Footprint part) {
        long bits = part.reads() | part.writes();
        Planted lessSaid = new Planted() {
            @Override public Footprint footprint(Step<?> step) {
                Footprint f = step.footprint();
                return step.call().equals(call) ? new Footprint(f.reads() & ~bits, f.writes() & ~bits) : f;
            }
        };
        FootprintExceeded e = assertThrows(FootprintExceeded.class,
                () -> search(Models.named("cpa").variant("mainline"), 2, 1, lessSaid));
        assertTrue(e.getMessage().contains("step " + call + " touched more than its footprint declares"), e.getMessage());
        return e.getMessage();
    }

    private static final Footprint EVERYTHING = new Footprint(-1L, -1L);

    @Test
    void anAccessDeclaringNothingIsCaughtReadingTheTlbs() {
        String m = caughtWithout("touch", EVERYTHING);
        assertTrue(m.contains("it reads {") && m.contains("TLB0 TLB1}"), m);
    }

    @Test
    void aReturnDeclaringNoTlbReadsIsCaught() {
        String m = caughtWithout("change_returned", Footprint.NOTHING.readsAllTlbs());
        assertTrue(m.contains("it reads {TLB"), m);
    }

    @Test
    void aLockStepDeclaringNoLockIsCaughtNamingTheLock() {
        String m = caughtWithout("spin_lock", EVERYTHING);
        assertTrue(m.contains("it reads {lock#"), m);
    }

    /** pmd_offset() moves its CPU into the table it points at: the walkers are part of what it writes. */
    @Test
    void aWalkDeclaringNoWalkersIsCaught() {
        String m = caughtWithout("pmd_offset", Footprint.NOTHING.writesWalkers());
        assertTrue(m.contains("walkers"), m);
    }

    /** Freeing a table checks every CPU's paging-structure caches (part of its TLB) for a pointer to it (H7). */
    @Test
    void aFreeDeclaringNoCacheReadsIsCaught() {
        String m = caughtWithout("pagetable_free", Footprint.NOTHING.readsAllTlbs());
        assertTrue(m.contains("it reads {TLB"), m);
    }

    /** Without reduction, so the search takes every step the planted footprint would let it skip. */
    static SnapshotSearch.Result search(Variant variant, int cpus, int ops, Planted planted) {
        Model model = variant.model();
        Programs programs = Programs.anyOf(variant, model.proveAlphabet(), model.proveLayout(), cpus, ops, null, FlushMethod.IPI);
        return new SnapshotSearch(programs, false, model.cpusInterchangeable(), true, planted).run(BUDGET, false);
    }
}
