package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import shootdown.campaign.Catalogue;
import shootdown.campaign.CatalogueRow;
import shootdown.campaign.Models;
import shootdown.machine.Footprint;
import shootdown.machine.IpiWork;
import shootdown.machine.MachineCore;
import shootdown.model.Model;

/**
 * A state may hold more IPIs in flight than it has CPUs: every flush is a batch to each other
 * CPU, and nothing bounds how many batches wait for a CPU with interrupts off. Each one still
 * is a move of its own, however many there are.
 */
class IpisInFlightTest {
    /** Work that does nothing, declared as undeclared work is: it may touch everything. */
    private static final IpiWork UNDECLARED = doingNothing(Footprint.EVERYTHING);

    /** The same work, declared to touch nothing (taking the IPI still touches its target's IPI state). */
    private static final IpiWork TOUCHES_NOTHING = doingNothing(Footprint.NOTHING);

    private static IpiWork doingNothing(Footprint declared) {
        return new IpiWork() {
            @Override
            public void run(MachineCore core, int cpu) {
            }

            @Override
            public String describe() {
                return "nothing()";
            }

            @Override
            public Footprint footprint(int cpu) {
                return declared;
            }
        };
    }

    @Test
    void everyIpiInFlightIsAMove() throws SearchSpace.Stop {
        CatalogueRow cpa3 = Catalogue.find("CPA-3").orElseThrow();
        SearchSpace space = new SearchSpace(Programs.of(cpa3.variant(), cpa3.scenario()), false, false);
        SearchSpace.State initial = space.initial();
        MachineCore core = initial.core().copy();
        int batches = 3 * space.cpuCount + 4;
        for (int k = 0; k < batches; k++) core.send_ipis(0, UNDECLARED, false);
        int[] moves = space.enabledMoves(new SearchSpace.State(core, initial.cpus()), SearchSpace.identity(space.cpuCount));
        long ipis = Arrays.stream(moves).filter(Choice::isIpi).count();
        assertEquals(batches * (space.cpuCount - 1L), ipis, Arrays.toString(moves));
        assertEquals(space.cpuCount, moves.length - ipis, "and every CPU's own step");
    }

    /**
     * IPIs to one CPU never commute (taking one writes that CPU's IPI state), but IPIs to different
     * CPUs do, when their work touches nothing else. With one IPI in flight from every CPU to every
     * other, each target's IPIs make a persistent set of two, and the first one tried wins: the
     * IPIs to the first CPU in the order the search was given. So the choice follows the CPUs'
     * canonical order, not their numbers, and symmetric states explore symmetric moves.
     */
    @Test
    void theIpisTakenFirstFollowTheCpusOrderNotTheirNumbers() throws SearchSpace.Stop {
        Model cpa = Models.named("cpa");
        SearchSpace space = new SearchSpace(SplitAlphabet.bound(cpa.variant("mainline"), 3, 1), true, true);
        SearchSpace.State state = space.initial();
        for (int[] moves; (moves = space.enabledMoves(state, SearchSpace.identity(3))).length > 0; ) {
            state = space.successor(state, moves[0]);
        }
        MachineCore core = state.core().copy();
        int[] batch = new int[3];
        for (int cpu = 0; cpu < 3; cpu++) batch[cpu] = core.send_ipis(cpu, TOUCHES_NOTHING, false);
        SearchSpace.State inFlight = new SearchSpace.State(core, state.cpus());
        int[] enabled = space.enabledMoves(inFlight, SearchSpace.identity(3));
        assertEquals(6, enabled.length, Arrays.toString(enabled));

        assertArrayEquals(new int[] {Choice.ipi(batch[0], 2), Choice.ipi(batch[1], 2)},
                space.explored(inFlight, enabled, new int[] {2, 1, 0}));
        assertArrayEquals(new int[] {Choice.ipi(batch[1], 0), Choice.ipi(batch[2], 0)},
                space.explored(inFlight, enabled, new int[] {0, 2, 1}));
        assertArrayEquals(new int[] {Choice.ipi(batch[0], 1), Choice.ipi(batch[2], 1)},
                space.explored(inFlight, enabled, new int[] {1, 0, 2}));
    }
}
