package shootdown.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import shootdown.machine.Footprint;
import shootdown.machine.Guard;

/**
 * Partial-order reduction: of the moves possible in a state, a persistent set, one that no
 * sequence of the other moves can interfere with (Godefroid, "Partial-Order Methods for the
 * Verification of Concurrent Systems", 1996, ch. 4: stubborn sets over processes).
 *
 * Exploring only a persistent set, in an acyclic state space, still reaches every final state
 * and every step that breaks an invariant, provided an invariant check reads only what its step
 * declares. The executions here always end (every move extends some CPU's history or retires an
 * IPI), so the state space is acyclic.
 *
 * The set is built from a seed process and closed under two rules: an enabled move brings in
 * every process whose remaining work may conflict with it (that process must not move first, so
 * its next move joins the set); a disabled move (a lock held, an IPI not yet taken) brings in
 * every process that may enable it. Every possible seed is tried; the smallest set wins.
 */
final class PersistentSet {
    /**
     * A CPU about to take a step, or an IPI waiting to be taken.
     *
     * @param choice    the move, as {@link Choice} encodes it
     * @param cpu       the CPU that moves (for an IPI, its target)
     * @param ipiSender for an IPI, the CPU that sent it; -1 for a CPU's own step
     * @param enabled   false for a CPU waiting on a guard, or an IPI to a CPU with interrupts off
     * @param guard     what a waiting CPU waits for (null if nothing is known beyond footprints)
     * @param next      what the move touches
     * @param future    what this process may still touch, the next move included
     */
    record Process(int choice, int cpu, int ipiSender, boolean enabled, Guard.Bound guard, Footprint next,
                   Footprint future) {
        /** Could a move of {@code other} be what enables this waiting process? */
        boolean mayBeEnabledBy(Process other) {
            if (guard != null) return guard.mayBeEnabledBy(other.cpu, other.ipiSender);
            return other.future.mayChange(next);
        }
    }

    /**
     * A locking rule in the current state: {@code protectedWrites} are written only by the CPU
     * holding the lock, {@code holder} (-1 if free). While the holder is in the set it does not
     * move outside it, so no other CPU can write those objects meanwhile.
     */
    record Held(long protectedWrites, int holder) {
    }

    private PersistentSet() {
    }

    /** The moves of {@code enabled} to explore, in their original order. */
    static List<Integer> choose(List<Integer> enabled, List<Process> processes, List<Held> locks) {
        if (enabled.size() <= 1) return enabled;
        List<Integer> best = enabled;
        for (int seed = 0; seed < processes.size() && best.size() > 1; seed++) {
            if (!processes.get(seed).enabled()) continue;
            boolean[] member = closure(processes, seed, locks);
            List<Integer> chosen = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                if (member[i] && processes.get(i).enabled()) chosen.add(processes.get(i).choice());
            }
            if (chosen.size() < best.size()) best = chosen;
        }
        return enabled.stream().filter(best::contains).toList();
    }

    private static boolean[] closure(List<Process> processes, int seed, List<Held> locks) {
        boolean[] member = new boolean[processes.size()];
        long frozenCpus = 0;
        Deque<Integer> work = new ArrayDeque<>();
        member[seed] = true;
        frozenCpus |= cpuBit(processes.get(seed));
        work.push(seed);
        while (!work.isEmpty()) {
            Process p = processes.get(work.pop());
            for (int q = 0; q < processes.size(); q++) {
                if (member[q]) continue;
                Process other = processes.get(q);
                boolean interferes = p.enabled()
                        ? p.next().conflictsWith(reachableFuture(other, locks, frozenCpus))
                        : p.mayBeEnabledBy(other);
                if (interferes) {
                    member[q] = true;
                    frozenCpus |= cpuBit(other);
                    work.push(q);
                }
            }
        }
        return member;
    }

    /** A CPU process's own steps freeze it; an IPI freezes nobody. */
    private static long cpuBit(Process p) {
        return p.ipiSender() < 0 ? 1L << p.cpu() : 0;
    }

    /**
     * What {@code q} may still touch before any member moves: not the objects whose lock a
     * frozen CPU other than {@code q} holds. An IPI takes no locks, so it keeps its whole future.
     */
    private static Footprint reachableFuture(Process q, List<Held> locks, long frozenCpus) {
        if (q.ipiSender() >= 0) return q.future();
        long blocked = 0;
        for (Held lock : locks) {
            if (lock.holder() >= 0 && lock.holder() != q.cpu() && (frozenCpus & (1L << lock.holder())) != 0) {
                blocked |= lock.protectedWrites();
            }
        }
        return new Footprint(q.future().reads(), q.future().writes() & ~blocked);
    }
}
