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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import shootdown.explore.BoundSearch;
import shootdown.explore.Budget;
import shootdown.explore.Progress;
import shootdown.explore.UnitSearch;
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
    private static final int UNITS_PER_THREAD = 24;
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
        return (variant, alphabet, layout, cpus, opsPerCpu, counted, budget, reduce, progress, everyMillis) ->
                new ClusterProof(member).reportingTo(progress, everyMillis)
                        .run(variant, alphabet, layout, cpus, opsPerCpu, counted, budget, reduce).search();
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

    public Result run(Variant variant, List<Op> alphabet, String layout, int cpus, int opsPerCpu,
                      Set<Hazard.Kind> counted, Budget budget, boolean reduce) {
        long start = System.nanoTime();
        long deadline = System.currentTimeMillis() + budget.millis();
        String proofId = UUID.randomUUID().toString();
        var hz = member.hazelcast();
        ClusterKey key = member.key();
        UnitSearch search = new UnitSearch(variant, alphabet, layout, cpus, opsPerCpu, counted, reduce);
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
        ProofJob job = ProofJob.of(proofId, variant, alphabet, layout, cpus, opsPerCpu, counted, reduce, prefix);
        long bytesSent = 0;

        List<int[]> units = new ArrayList<>();
        for (List<Integer> s : frontier.units()) units.add(s.stream().mapToInt(Integer::intValue).toArray());
        Deque<Integer> pending = new ArrayDeque<>();
        for (int u = 0; u < units.size(); u++) pending.add(u);
        int[] attempts = new int[units.size()];
        boolean[] done = new boolean[units.size()];
        int doneCount = 0;
        int redone = 0;
        int rejected = 0;
        Set<String> untrusted = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>(members);
        Map<Future<?>, Assignment> running = new ConcurrentHashMap<>();
        Map<String, Integer> held = new HashMap<>();
        LinkedBlockingQueue<Done> completions = new LinkedBlockingQueue<>();
        IExecutorService executor = hz.getExecutorService(ClusterMember.EXECUTOR);
        long transitions = frontier.transitions();
        long unitStates = 0;
        String stop = null;
        Hazard violation = null;
        long nextReport = System.currentTimeMillis() + everyMillis;
        List<String> lost = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        // Every finished unit's states, and who found them: each member is sent those it has not seen.
        List<Fingerprints> finished = new ArrayList<>();
        List<String> finishedBy = new ArrayList<>();
        Map<String, Integer> toldUpTo = new HashMap<>();
        try {
            while (doneCount < units.size()) {
                for (Member m : hz.getCluster().getMembers()) { // hand out units, to every allowed member
                    String name = m.getAddress().toString();
                    seen.add(name);
                    if (untrusted.contains(name)) continue;
                    if (!member.allowed(m)) {
                        untrusted.add(name);
                        continue;
                    }
                    while (held.getOrDefault(name, 0) < WINDOW && !pending.isEmpty()) {
                        int unit = pending.poll();
                        Assignment a = new Assignment(unit, ++attempts[unit], m);
                        Fingerprints news = new Fingerprints();
                        for (int i = toldUpTo.getOrDefault(name, 0); i < finished.size(); i++) {
                            if (!finishedBy.get(i).equals(name)) news.addAll(finished.get(i));
                        }
                        toldUpTo.put(name, finished.size());
                        bytesSent += news.bytes();
                        UnitTask task = UnitTask.signed(key, job, unit, a.attempt(), units.get(unit),
                                Math.max(1, deadline - System.currentTimeMillis()), news.trimmed());
                        held.merge(name, 1, Integer::sum);
                        Future<UnitReport> f = executor.submitToMember(task, m);
                        running.put(f, a);
                        ((CompletionStage<UnitReport>) f).whenComplete((report, failure) -> {
                            running.remove(f);
                            completions.add(new Done(a, report, failure));
                        });
                    }
                }
                Done d = completions.poll(200, TimeUnit.MILLISECONDS);
                if (System.currentTimeMillis() > deadline) {
                    stop = "time budget of " + budget.millis() + " ms spent";
                    break;
                }
                if (everyMillis > 0 && System.currentTimeMillis() >= nextReport) {
                    nextReport = System.currentTimeMillis() + everyMillis;
                    progress.report(new Progress.Snapshot(visited.size(), transitions, 0, 0,
                            (System.nanoTime() - start) / 1_000_000));
                    System.err.printf(Locale.ROOT, "cluster: %d members, %d of %d units done, %d redone%n",
                            hz.getCluster().getMembers().size(), doneCount, units.size(), redone);
                }
                if (d == null) continue;
                Assignment a = d.assignment();
                String name = a.member().getAddress().toString();
                held.merge(name, -1, Integer::sum);
                if (done[a.unit()]) continue; // a result for a unit another member finished first
                if (d.failure() != null) {
                    boolean local = a.member().localMember();
                    if (local && !memberGone(d.failure())) {
                        throw new IllegalStateException("work unit " + a.unit() + " failed here: " + d.failure());
                    }
                    // Another member that fails otherwise (refuses our signature, breaks) gets no more units.
                    if (memberGone(d.failure())) {
                        if (!lost.contains(name)) lost.add(name);
                    } else {
                        untrusted.add(name);
                        refused.add(name + " (" + rootCause(d.failure()) + ")");
                    }
                    pending.addFirst(a.unit());
                    redone++;
                    continue;
                }
                UnitReport r = d.report();
                if (!r.verifiedBy(key) || !r.proofId().equals(proofId) || r.unit() != a.unit()
                        || r.attempt() != a.attempt()) {
                    rejected++;
                    untrusted.add(name);
                    pending.addFirst(a.unit());
                    redone++;
                    continue;
                }
                transitions += r.transitions();
                if (r.hazardKind() != null) {
                    violation = new Hazard(Hazard.Kind.valueOf(r.hazardKind()), -1, -1, -1, r.hazardMessage(), List.of());
                    break;
                }
                if (r.stopReason() != null) {
                    stop = r.stopReason() + " (on member " + name + ")";
                    break;
                }
                done[a.unit()] = true;
                doneCount++;
                unitStates += r.states();
                bytesSent += r.explored().bytes();
                finished.add(r.explored());
                finishedBy.add(name);
                if (!r.explored().addTo(visited)) {
                    stop = "memory budget spent: the visited-state table outgrew " + (budget.maxBytes() >> 20) + " MB";
                    break;
                }
                if (visited.size() >= budget.maxStates()) {
                    stop = "state budget of " + budget.maxStates() + " states spent";
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop = "interrupted";
        }
        for (Future<?> f : running.keySet()) f.cancel(true);
        long states = visited.size();
        List<String> notes = new ArrayList<>();
        if (!lost.isEmpty()) notes.add("members lost: " + String.join(", ", lost));
        if (!untrusted.isEmpty()) notes.add("members given no units (not on the member list, or a result that did "
                + "not verify): " + String.join(", ", untrusted));
        if (!refused.isEmpty()) notes.add("units failed on " + String.join(", ", refused));
        return finish(start, new ArrayList<>(seen), units.size(), redone, rejected, frontier.states(), bytesSent,
                unitStates, transitions, violation, stop, states, notes);
    }

    private Result finish(long start, List<String> members, int units, int redone, int rejected, long prefixStates,
                          long bytesSent, long unitStates, long transitions, Hazard violation, String stop) {
        return finish(start, members, units, redone, rejected, prefixStates, bytesSent, unitStates, transitions,
                violation, stop, prefixStates, List.of());
    }

    private Result finish(long start, List<String> members, int units, int redone, int rejected, long prefixStates,
                          long bytesSent, long unitStates, long transitions, Hazard violation, String stop,
                          long states, List<String> notes) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean exhausted = violation == null && stop == null;
        String note = String.format(Locale.ROOT, "searched on a Hazelcast cluster of %d members (%s): %d work units "
                        + "below %d prefix states, %d units redone, %d results rejected; the units explored %d states "
                        + "(%.2f a distinct state); %.1f MB of fingerprints sent%s",
                members.size(), String.join(", ", members), units, prefixStates, redone, rejected, unitStates,
                states == 0 ? 0.0 : (double) (unitStates + prefixStates) / states, bytesSent / 1e6,
                notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        return new Result(new BoundSearch.Result(violation, transitions, states, exhausted,
                exhausted ? "exhausted" : violation != null ? "counterexample" : stop, millis, note, 0),
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
