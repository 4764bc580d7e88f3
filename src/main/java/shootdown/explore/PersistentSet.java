package shootdown.explore;

import java.util.List;
import shootdown.machine.Footprint;
import shootdown.machine.Guard;
import shootdown.machine.PendingIpi;

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
        /** An IPI (or RCU callback) waiting for its target: it touches what its work touches, once. */
        static Process of(PendingIpi ipi) {
            return new Process(Choice.ipi(ipi.batch(), ipi.target()), ipi.target(), ipi.sender(), ipi.deliverable(),
                    null, ipi.footprint(), ipi.footprint());
        }

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
        int[] moves = enabled.stream().mapToInt(Integer::intValue).toArray();
        return java.util.Arrays.stream(choose(moves, processes, locks)).boxed().toList();
    }

    /** The same over arrays: what the snapshot search calls once per state. */
    static int[] choose(int[] enabled, List<Process> processes, List<Held> locks) {
        if (enabled.length <= 1) return enabled;
        int n = processes.size();
        boolean[] best = null;
        int bestSize = enabled.length;
        boolean[] member = new boolean[n];
        int[] work = new int[n];
        for (int seed = 0; seed < n && bestSize > 1; seed++) {
            if (!processes.get(seed).enabled()) continue;
            java.util.Arrays.fill(member, false);
            closure(processes, seed, locks, member, work);
            int size = 0;
            for (int i = 0; i < n; i++) if (member[i] && processes.get(i).enabled()) size++;
            if (size < bestSize) {
                bestSize = size;
                best = member.clone();
            }
        }
        if (best == null) return enabled;
        int[] out = new int[bestSize];
        int k = 0;
        for (int move : enabled) {
            for (int i = 0; i < n; i++) {
                if (best[i] && processes.get(i).choice() == move) {
                    out[k++] = move;
                    break;
                }
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    private static void closure(List<Process> processes, int seed, List<Held> locks, boolean[] member, int[] work) {
        int top = 0;
        long frozenCpus = cpuBit(processes.get(seed));
        member[seed] = true;
        work[top++] = seed;
        while (top > 0) {
            Process p = processes.get(work[--top]);
            for (int q = 0; q < processes.size(); q++) {
                if (member[q]) continue;
                Process other = processes.get(q);
                boolean interferes;
                if (p.enabled()) {
                    long futureWrites = other.future().writes() & ~blockedWrites(other, locks, frozenCpus);
                    Footprint next = p.next();
                    interferes = (next.writes() & (other.future().reads() | futureWrites)) != 0
                            || (futureWrites & next.reads()) != 0;
                } else {
                    interferes = p.mayBeEnabledBy(other);
                }
                if (interferes) {
                    member[q] = true;
                    frozenCpus |= cpuBit(other);
                    work[top++] = q;
                }
            }
        }
    }

    /** A CPU process's own steps freeze it; an IPI freezes nobody. */
    private static long cpuBit(Process p) {
        return p.ipiSender() < 0 ? 1L << p.cpu() : 0;
    }

    /**
     * What {@code q} cannot write before any member moves: the objects whose lock a frozen CPU
     * other than {@code q} holds. An IPI takes no locks, so it keeps its whole future.
     */
    private static long blockedWrites(Process q, List<Held> locks, long frozenCpus) {
        if (q.ipiSender() >= 0) return 0;
        long blocked = 0;
        for (Held lock : locks) {
            if (lock.holder() >= 0 && lock.holder() != q.cpu() && (frozenCpus & (1L << lock.holder())) != 0) {
                blocked |= lock.protectedWrites();
            }
        }
        return blocked;
    }
}
