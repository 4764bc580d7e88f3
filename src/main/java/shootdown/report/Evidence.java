package shootdown.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import shootdown.campaign.Verdict;

/** A check's evidence in a few words: how much was explored or sampled, and how it ended. */
final class Evidence {
    private Evidence() {
    }

    static boolean isStress(ResultEntry r) {
        return "jcstress".equals(r.engine()) || r.samples() > 0;
    }

    /** e.g. "1,424 transitions, 659 states, exhausted" or "12 hits in 1,000,000 samples (12 per million)". */
    static String describe(ResultEntry r) {
        if (r.verdict() == Verdict.ERROR) return "could not run";
        if (r.verdict() == Verdict.SKIPPED) return r.bound() == null ? "skipped" : r.bound();
        List<String> parts = new ArrayList<>();
        if (isStress(r)) {
            parts.add(stress(r.hits(), r.samples()));
            if (r.verdict() == Verdict.PASSED) parts.add("stress cannot prove absence");
            return String.join(", ", parts);
        }
        parts.add(count(r.interleavings(), "explorer".equals(r.engine()) ? "transition" : "interleaving"));
        if (r.states() > 0) parts.add(count(r.states(), "state"));
        if (r.exhausted()) parts.add("exhausted");
        else if (r.verdict() == Verdict.REFUTED) parts.add("stopped at the first counterexample");
        else parts.add("not exhausted");
        return String.join(", ", parts);
    }

    /** Time to the first counterexample, or a dash when there is none. */
    static String firstCounterexample(ResultEntry r) {
        return r.millisToFirstCounterexample() >= 0 ? duration(Duration.ofMillis(r.millisToFirstCounterexample()))
                : "—";
    }

    /** The hazard in one sentence, for the list under the table. */
    static String hazardSentence(ResultEntry r) {
        HazardEntry h = r.hazard();
        if (h == null) {
            return isStress(r) ? "the stress test saw the hazard in " + count(r.hits(), "sample") + " of "
                    + String.format(Locale.ROOT, "%,d", r.samples()) + perMillionSuffix(r.hits(), r.samples()) + "."
                    : "the engine reported a violation without naming the hazard; see its trace.";
        }
        String where = h.step() >= 0 ? " at step " + h.step() : " at quiescence";
        String cpu = h.cpu() >= 0 ? " on CPU" + h.cpu() : "";
        String evidence = h.evidence() == null || h.evidence().isEmpty() ? ""
                : " (" + String.join("; ", h.evidence()) + ")";
        return h.title() + where + cpu + ": " + h.message() + evidence + ".";
    }

    /** e.g. "1,387 hits in 159,210 samples (8,712 per million)": hit rates compare across run lengths. */
    static String stress(long hits, long samples) {
        return count(hits, "hit") + " in " + count(samples, "sample") + perMillionSuffix(hits, samples);
    }

    /** Hits per million samples, to two significant digits below 100; "" when there is nothing to rate. */
    static String perMillionSuffix(long hits, long samples) {
        if (hits <= 0 || samples <= 0) return "";
        double rate = hits * 1e6 / samples;
        String text = rate >= 100 ? String.format(Locale.ROOT, "%,.0f", rate)
                : new BigDecimal(rate).round(new MathContext(2)).stripTrailingZeros().toPlainString();
        return " (" + text + " per million)";
    }

    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }

    static String duration(Duration d) {
        return Durations.human(d);
    }
}
