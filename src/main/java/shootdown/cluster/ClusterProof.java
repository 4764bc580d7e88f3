package shootdown.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import shootdown.explore.BoundSearch;
import shootdown.explore.Budget;
import shootdown.explore.Progress;
import shootdown.explore.UnitSearch;
import shootdown.machine.FlushMethod;
import shootdown.machine.Hazard;
import shootdown.model.Op;
import shootdown.model.Variant;

/**
 * A proof bound's search over a cluster, run by the member that asked: it searches the first
 * levels itself ({@link UnitSearch#frontier}), hands each state of the last level to a member as
 * a signed work unit, and counts a unit done only when that member's signed result comes back.
 * A unit whose member leaves (or dies) is handed to another; a result that does not verify is
 * thrown away, its member gets no more units, and the unit is handed to another. The distinct
 * states are counted here, in one visited-state table that takes the prefix's states and every
 * finished unit's (each result brings its fingerprints). Why this covers exactly what the local
 * search covers: docs/cluster.md.
 */
public final class ClusterProof {
    /** Units per search thread in the cluster at the start: enough that members finish close together. */
    private static final int UNITS_PER_THREAD = Integer.getInteger("shootdown.cluster.unitsPerThread", 24);
    private static final int MAX_PREFIX_DEPTH = 24;
    /** Units a member holds at once: one searching, one queued behind it (so it never waits for the next). */
    private static final int WINDOW = 2;

    /** How the cluster's search went: the whole search's answer, and what the cluster did for it. */
    /**
     * @param bytesSent  fingerprints that crossed the network: results to this member, news to the others
     * @param unitStates states the units explored, counting a state once per unit that explored it
     */
    public record Result(BoundSearch.Result search, List<String> members, int units, int redone, int rejected,
                         long prefixStates, long bytesSent, long unitStates) {
    }

    private final ClusterMember member;
    private Progress progress = Progress.NONE;
    private long everyMillis;

    public ClusterProof(ClusterMember member) {
        this.member = member;
    }

    /** The one-search proofs of a {@link shootdown.prove.Prover}, on this cluster. */
    public static shootdown.prove.BoundSearcher searcher(ClusterMember member) {
        return (variant, alphabet, layout, cpus, opsPerCpu, counted, flush, budget, reduce, progress, everyMillis) ->
                new ClusterProof(member).reportingTo(progress, everyMillis)
                        .run(variant, alphabet, layout, cpus, opsPerCpu, counted, flush, budget, reduce).search();
    }

    public ClusterProof reportingTo(Progress sink, long millis) {
        this.progress = sink;
        this.everyMillis = millis;
        return this;
    }

    private record Assignment(int unit, int attempt, Member member) {
    }

    private record Done(Assignment assignment, UnitReport report, Throwable failure) {
    }

    /** One member (one process: a member that comes back is another) and its units in the order it searches them. */
    private static final class Holder {
        final Member member;
        final String name;
        final ArrayDeque<Assignment> inOrder = new ArrayDeque<>();
        final Map<Assignment, Done> arrived = new HashMap<>();
        int toldUpTo;
        boolean excluded;

        Holder(Member member) {
            this.member = member;
            this.name = member.getAddress().toString();
        }
    }

    /** The units still to do, and what the finished ones added up to. */
    private static final class Tally {
        final Deque<Integer> pending = new ArrayDeque<>();
        final boolean[] done;
        int doneCount;
        int redone;
        int rejected;
        long transitions;
        long unitStates;
        long bytesSent;
        String stop;
        Hazard violation;
        final List<String> lost = new ArrayList<>();
        final Set<String> untrusted = new LinkedHashSet<>();

        Tally(int units, long prefixTransitions) {
            for (int u = 0; u < units; u++) pending.add(u);
            this.done = new boolean[units];
            this.transitions = prefixTransitions;
        }

        /**
         * Takes a member's next result, in its order; false if the member is excluded by it (it
         * left, failed, or its result does not verify): every unit it still holds is handed on.
         */
        boolean accept(Done d, ClusterKey key, String proofId, Holder h, UnitSearch.KnownStates visited, Budget budget) {
            Assignment a = d.assignment();
            if (d.failure() != null) {
                if (a.member().localMember() && !memberGone(d.failure())) {
                    throw new IllegalStateException("work unit " + a.unit() + " failed here: " + d.failure());
                }
                if (memberGone(d.failure())) lost.add(h.name);
                else untrusted.add(h.name + " (" + rootCause(d.failure()) + ")");
                exclude(h, a);
                return false;
            }
            UnitReport r = d.report();
            if (!r.verifiedBy(key) || !r.proofId().equals(proofId) || r.unit() != a.unit() || r.attempt() != a.attempt()) {
                rejected++;
                untrusted.add(h.name + " (a result that does not verify)");
                exclude(h, a);
                return false;
            }
            transitions += r.transitions();
            if (r.hazardKind() != null) {
                violation = new Hazard(Hazard.Kind.valueOf(r.hazardKind()), -1, -1, -1, r.hazardMessage(), List.of());
                return true;
            }
            if (r.stopReason() != null) {
                stop = r.stopReason() + " (on member " + h.name + ")";
                return true;
            }
            if (done[a.unit()]) return true;
            done[a.unit()] = true;
            doneCount++;
            unitStates += r.states();
            bytesSent += r.explored().bytes();
            if (!r.explored().addTo(visited)) {
                stop = "memory budget spent: the visited-state table outgrew " + (budget.maxBytes() >> 20) + " MB";
            } else if (visited.size() >= budget.maxStates()) {
                stop = "state budget of " + budget.maxStates() + " states spent";
            }
            return true;
        }

        private void exclude(Holder h, Assignment failed) {
            h.excluded = true;
            List<Assignment> voided = new ArrayList<>();
            voided.add(failed);
            voided.addAll(h.inOrder);
            h.inOrder.clear();
            h.arrived.clear();
            for (Assignment v : voided) {
                if (!done[v.unit()] && !pending.contains(v.unit())) {
                    pending.addFirst(v.unit());
                    redone++;
                }
            }
        }
    }

    public Result run(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                      Set<Hazard.Kind> counted, FlushMethod flush, Budget budget, boolean reduce) {
        long start = System.nanoTime();
        long deadline = System.nanoTime() + budget.millis() * 1_000_000L;
        String proofId = UUID.randomUUID().toString();
        var hz = member.hazelcast();
        ClusterKey key = member.key();
        UnitSearch search = new UnitSearch(variant, alphabet, layout, cpus, opsPerCpu, counted, flush, reduce);
        int threadsNow = Math.max(1, hz.getCluster().getMembers().size() * member.options().threads());
        Fingerprints prefix = new Fingerprints();
        UnitSearch.Frontier frontier = search.frontier(UNITS_PER_THREAD * threadsNow, MAX_PREFIX_DEPTH, prefix::add);
        UnitSearch.KnownStates visited = new UnitSearch.KnownStates(budget.maxBytes(), 1);
        prefix.forEach(visited::add);
        List<String> members = new ArrayList<>(member.memberAddresses());
        if (frontier.violation() != null) {
            return finish(start, members, 0, 0, 0, frontier.states(), 0, 0, frontier.transitions(),
                    frontier.violation(), null);
        }
        ProofJob job = ProofJob.of(proofId, variant, alphabet, layout, cpus, opsPerCpu, counted, flush, reduce, prefix);
        long bytesSent = 0;

        Set<String> seen = new LinkedHashSet<>(members);
        List<int[]> units = new ArrayList<>();
        for (List<Integer> s : frontier.units()) units.add(s.stream().mapToInt(Integer::intValue).toArray());
        int[] attempts = new int[units.size()];
        Tally t = new Tally(units.size(), frontier.transitions());
        Map<Future<?>, Assignment> running = new ConcurrentHashMap<>();
        Map<UUID, Holder> holders = new LinkedHashMap<>();
        LinkedBlockingQueue<Done> completions = new LinkedBlockingQueue<>();
        IExecutorService executor = hz.getExecutorService(ClusterMember.EXECUTOR);
        IExecutorService news = hz.getExecutorService(ClusterMember.NEWS);
        long nextReport = System.currentTimeMillis() + everyMillis;
        // Every finished unit's states, and who found them: each member is sent those it has not seen.
        List<Fingerprints> finished = new ArrayList<>();
        List<UUID> finishedBy = new ArrayList<>();
        try {
            while (t.doneCount < units.size() && t.stop == null && t.violation == null) {
                for (Member m : hz.getCluster().getMembers()) { // hand out units, to every allowed member
                    Holder h = holders.computeIfAbsent(m.getUuid(), uuid -> new Holder(m));
                    seen.add(h.name);
                    if (h.excluded) continue;
                    if (!member.allowed(m)) {
                        h.excluded = true;
                        t.untrusted.add(h.name + " (not on the member list)");
                        continue;
                    }
                    while (h.inOrder.size() < WINDOW && !t.pending.isEmpty()) {
                        int unit = t.pending.poll();
                        Assignment a = new Assignment(unit, ++attempts[unit], m);
                        Fingerprints untold = untold(h, finished, finishedBy);
                        t.bytesSent += untold.bytes();
                        UnitTask task = UnitTask.signed(key, job, unit, a.attempt(), units.get(unit),
                                Math.max(1, (deadline - System.nanoTime()) / 1_000_000), untold);
                        h.inOrder.add(a);
                        Future<UnitReport> f = executor.submitToMember(task, m);
                        running.put(f, a);
                        ((CompletionStage<UnitReport>) f).whenComplete((report, failure) -> {
                            running.remove(f);
                            completions.add(new Done(a, report, failure));
                        });
                    }
                }
                Done d = completions.poll(200, TimeUnit.MILLISECONDS);
                String spent = budget.timeOrSignal(deadline);
                if (spent != null) {
                    t.stop = spent;
                    break;
                }
                if (everyMillis > 0 && System.currentTimeMillis() >= nextReport) {
                    nextReport = System.currentTimeMillis() + everyMillis;
                    // Units differ in size: the share of units done is an estimate, as a local search's share is.
                    progress.report(new Progress.Snapshot(visited.size(), t.transitions, 0, 0,
                            (System.nanoTime() - start) / 1_000_000, t.doneCount / (double) units.size()));
                    System.err.printf(Locale.ROOT, "cluster: %d members, %d of %d units done, %d redone%n",
                            hz.getCluster().getMembers().size(), t.doneCount, units.size(), t.redone);
                }
                if (d == null) continue;
                Holder h = holders.get(d.assignment().member().getUuid());
                if (h.excluded || !h.inOrder.contains(d.assignment())) continue; // its unit was handed on already
                // A member's results count in the order it searched its units (its later units skipped
                // the states of its earlier ones): one that fails voids those after it.
                h.arrived.put(d.assignment(), d);
                while (!h.inOrder.isEmpty() && h.arrived.containsKey(h.inOrder.peek()) && !h.excluded) {
                    Done next = h.arrived.remove(h.inOrder.poll());
                    if (!t.accept(next, key, proofId, h, visited, budget)) break;
                    if (next.report() != null && next.failure() == null && !h.excluded && t.violation == null
                            && t.stop == null) {
                        finished.add(next.report().explored());
                        finishedBy.add(h.member.getUuid());
                        tellNow(holders.values(), finished, finishedBy, key, proofId, news, t);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t.stop = "interrupted";
        }
        for (Future<?> f : running.keySet()) f.cancel(true);
        long states = visited.size();
        List<String> notes = new ArrayList<>();
        if (!t.lost.isEmpty()) notes.add("members lost: " + String.join(", ", t.lost));
        if (!t.untrusted.isEmpty()) notes.add("members given no more units: " + String.join(", ", t.untrusted));
        return finish(start, new ArrayList<>(seen), units.size(), t.redone, t.rejected, frontier.states(), t.bytesSent,
                t.unitStates, t.transitions, t.violation, t.stop, states, notes, visited.bytes());
    }

    /** The finished states {@code h} has not been told of (nor found itself); it counts as told now. */
    private static Fingerprints untold(Holder h, List<Fingerprints> finished, List<UUID> finishedBy) {
        Fingerprints out = new Fingerprints();
        for (int i = h.toldUpTo; i < finished.size(); i++) {
            if (!finishedBy.get(i).equals(h.member.getUuid())) out.addAll(finished.get(i));
        }
        h.toldUpTo = finished.size();
        return out.trimmed();
    }

    /**
     * Sends the newly finished states, at once, to every member searching a unit of the proof:
     * the sooner a member knows a state is done, the less of it two members explore.
     */
    private static void tellNow(java.util.Collection<Holder> holders, List<Fingerprints> finished, List<UUID> finishedBy,
                                ClusterKey key, String proofId, IExecutorService news, Tally t) {
        for (Holder h : holders) {
            if (h.excluded || h.inOrder.isEmpty()) continue; // a member without units hears with its next one
            Fingerprints untold = untold(h, finished, finishedBy);
            if (untold.size() == 0) continue;
            t.bytesSent += untold.bytes();
            news.submitToMember(NewsTask.signed(key, proofId, untold), h.member);
        }
    }

    private Result finish(long start, List<String> members, int units, int redone, int rejected, long prefixStates,
                          long bytesSent, long unitStates, long transitions, Hazard violation, String stop) {
        return finish(start, members, units, redone, rejected, prefixStates, bytesSent, unitStates, transitions,
                violation, stop, prefixStates, List.of(), 0);
    }

    private Result finish(long start, List<String> members, int units, int redone, int rejected, long prefixStates,
                          long bytesSent, long unitStates, long transitions, Hazard violation, String stop,
                          long states, List<String> notes, long tableBytes) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean exhausted = violation == null && stop == null;
        String note = String.format(Locale.ROOT, "searched on a Hazelcast cluster of %d members (%s): %d work units "
                        + "below %d prefix states, %d units redone, %d results rejected; the units explored %d states "
                        + "(%.2f a distinct state); %.1f MB of fingerprints sent%s",
                members.size(), String.join(", ", members), units, prefixStates, redone, rejected, unitStates,
                states == 0 ? 0.0 : (double) (unitStates + prefixStates) / states, bytesSent / 1e6,
                notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        return new Result(new BoundSearch.Result(violation, transitions, states, exhausted,
                exhausted ? "exhausted" : violation != null ? "counterexample" : stop, millis, note, tableBytes),
                members, units, redone, rejected, prefixStates, bytesSent, unitStates);
    }

    private static String rootCause(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static boolean memberGone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof TargetNotMemberException
                    || c instanceof HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }
}
