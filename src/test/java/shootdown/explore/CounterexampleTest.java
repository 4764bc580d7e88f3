package shootdown.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A counterexample's context switches, what the shortest-trace search breaks ties on: a move
 * by another CPU than the move before it is a switch, whatever kind of move it is (an IPI is
 * its target's move, an operation picked is its picker's).
 */
class CounterexampleTest {
    private static int switches(Integer... schedule) {
        return new Counterexample(List.of(schedule), null, List.of()).contextSwitches();
    }

    @Test
    void movesOfOneCpuInARowAreNoSwitch() {
        assertEquals(0, switches());
        assertEquals(0, switches(Choice.step(1)));
        assertEquals(0, switches(Choice.pick(1, 0), Choice.step(1), Choice.step(1)));
    }

    @Test
    void everyChangeOfCpuCounts() {
        assertEquals(1, switches(Choice.step(0), Choice.step(1)));
        assertEquals(3, switches(Choice.step(0), Choice.step(1), Choice.step(1), Choice.step(0), Choice.step(2)));
    }

    @Test
    void anIpiIsItsTargetsMove() {
        assertEquals(1, switches(Choice.step(0), Choice.ipi(0, 1), Choice.step(1)));
        assertEquals(2, switches(Choice.step(0), Choice.ipi(3, 2), Choice.step(0)));
    }
}
