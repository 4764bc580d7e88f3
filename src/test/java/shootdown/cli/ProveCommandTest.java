package shootdown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user's own question gets when it is wrong: one clear answer and a documented exit status. */
class ProveCommandTest {
    @TempDir
    Path tmp;

    private record Ran(int exit, String out, String err) {
    }

    private static Ran run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Ran(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aProofThatOutgrowsItsMemoryIsInconclusiveWithItsCoverage() {
        // 3x1 visits about 29,000 states: more than a 200 KB table holds (12 bytes a slot, 85% full).
        Ran r = run("prove", "cpa", "--variant", "CPA-4", "--cpus", "3", "--ops", "1", "--max-memory", "200k");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("INCONCLUSIVE") && r.out().contains("memory budget spent"), r.out());
        assertTrue(r.out().contains("in one search that stopped early"), r.out());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void checkingFootprintsSearchesTheBoundFirstAndSaysSo() {
        Ran r = run("prove", "cpa", "--variant", "CPA-4", "--cpus", "2", "--ops", "1", "--check-footprints");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("footprints:    mainline: every step of 3118 states touched only what it declares"),
                r.out());
    }

    /** The assumptions an answer states are those of the bound it proved: another layout is named. */
    @Test
    void aProofOnAnotherLayoutSaysWhichLayoutItBootedFrom() {
        Ran r = run("prove", "cpa", "--variant", "CPA-4", "--alphabet", "set_memory_ro(0x0),touch(0x1)", "--layout", "2m");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("except the boot layout, which is 2m: pages 0-511 and 512-1023 as two 2M leaves"), r.out());
    }

    @Test
    void checkingFootprintsOfOneScenarioIsBadUsage() {
        Ran r = run("prove", "cpa", "--variant", "CPA-4", "--scenario", "CPU0: set_memory_ro(0x0) | CPU1: touch(0x1)",
                "--check-footprints");
        assertEquals(Main.USAGE, r.exit());
        assertTrue(r.err().contains("--check-footprints checks a bound, not one --scenario"), r.err());
    }

    @Test
    void aMemorySizeThatIsNotOneIsBadUsage() {
        Ran r = run("prove", "cpa", "--variant", "CPA-4", "--max-memory", "lots");
        assertEquals(Main.USAGE, r.exit());
        assertTrue(r.err().contains("'lots' is not a memory size"), r.err());
    }

    @Test
    void anOperationTheModelDoesNotHaveInAScenarioListsTheOperations() {
        Ran r = run("prove", "cpa", "--variant", "CPA-4", "--scenario", "CPU0: set_memory_ro(0x0) | CPU1: poke(0x1)");
        assertEquals(Main.USAGE, r.exit());
        assertTrue(r.err().contains("unknown cpa operation 'poke'; known: set_memory_ro, set_memory_rw"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void anOperationTheModelDoesNotHaveInAnAlphabetListsTheOperations() {
        Ran r = run("prove", "snp", "--variant", "SNP-2", "--alphabet", "rmp_make_private(0x0),set_memory_rox(0x1)");
        assertEquals(Main.USAGE, r.exit());
        assertTrue(r.err().contains("unknown snp operation 'set_memory_rox'; known: rmp_make_private"), r.err());
    }

    @Test
    void aVariantFileThatDoesNotCompileGivesTheCompilersLinesAndNothingElse() throws IOException {
        Path file = tmp.resolve("Typo.java");
        Files.writeString(file, "import shootdown.model.cpa.SetMemory;\n/** A typo. */\npublic class Typo extends SetMemory {\n"
                + "    @Override protected void lock_cpa() { cpu.spin_lok(cpa_lock); }\n}\n");
        Ran r = run("prove", "cpa", "--variant-file", file.toString());
        assertEquals(Main.USAGE, r.exit());
        assertTrue(r.err().startsWith(file + ":4: error: cannot find symbol"), r.err());
        assertTrue(r.err().lines().allMatch(line -> line.startsWith(file + ":") || line.startsWith("  ")), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aVariantThatIsNotDeterministicIsStoppedWithTheRuleNamed() throws IOException {
        Path file = tmp.resolve("Flaky.java");
        Files.writeString(file, "import shootdown.model.cpa.SetMemory;\n/** Remembers runs in a system property. */\n"
                + "public class Flaky extends SetMemory {\n    @Override public void set_memory_4k(long addr) {\n"
                + "        int runs = Integer.getInteger(\"shootdown.flaky\", 0);\n"
                + "        System.setProperty(\"shootdown.flaky\", String.valueOf(runs + 1));\n"
                + "        if (runs % 2 == 1) cpu.touch(addr);\n        super.set_memory_4k(addr);\n    }\n}\n");
        Ran r = run("prove", "cpa", "--variant-file", file.toString());
        assertEquals(Main.COULD_NOT_RUN, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("Flaky.java:7 (set_memory_4k)") && r.err().contains("deterministic"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void theFlushIsStatedInTheAnswerAndAnUnknownOneIsRejected() {
        Ran ipi = run("prove", "cpa", "--variant", "CPA-3", "--out", tmp.toString());
        assertTrue(ipi.out().contains("  machine:     flush_tlb_all() by IPI\n"), ipi.out());
        Ran invlpgb = run("prove", "cpa", "--variant", "CPA-3", "--flush", "invlpgb", "--out", tmp.toString());
        assertEquals(1, invlpgb.exit(), "Gleixner's race needs no IPI held back, only the window: " + invlpgb.out());
        assertTrue(invlpgb.out().contains("  machine:     flush_tlb_all() by INVLPGB + TLBSYNC (no IPIs)\n"), invlpgb.out());
        Ran bad = run("prove", "cpa", "--variant", "CPA-3", "--flush", "ipis");
        assertEquals(Main.USAGE, bad.exit());
        assertEquals("shootdown: unknown flush 'ipis'; known: [ipi, invlpgb]", bad.err().strip());
    }

    @Test
    void askingOnlyAboutStaleTranslationsLeavesTheMixedSizeConflictOut() {
        Ran r = run("prove", "cpa", "--variant", "CPA-3", "--hazards", "H2");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("only [H2_STALE_AFTER_COMPLETION] count"), r.out());
        assertEquals(1, run("prove", "cpa", "--variant", "CPA-3", "--hazards", "H1").exit());
    }

    @Test
    void withoutClusterAProofStartsNoClusterMember() {
        Ran r = run("prove", "cpa", "--variant", "CPA-4", "--cpus", "2", "--ops", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(com.hazelcast.core.Hazelcast.getAllHazelcastInstances().isEmpty(), "no Hazelcast instance");
        assertFalse(r.out().contains("Hazelcast") || r.err().contains("Hazelcast"), r.out() + r.err());
    }

    @Test
    void aClusterProofThatIsRefutedWritesTheCounterexampleAsLocally() throws IOException {
        Ran r = run("prove", "cpa", "--variant", "CPA-3", "--cpus", "2", "--ops", "1", "--cluster", "--port", "5831",
                "--join", "127.0.0.1:5831", "--cluster-log", tmp.resolve("cluster.log").toString(), "--out", tmp.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("REFUTED") && r.out().contains("shortest counterexample"), r.out());
        assertTrue(r.out().contains("searched on a Hazelcast cluster of 1 members"), r.out());
        assertTrue(Files.exists(tmp.resolve("cpa-no-cpa-lock.txt")), r.out());
        assertFalse(r.out().contains("INFO:") || r.err().contains("INFO:"), "Hazelcast's log went to its file: " + r.err());
        assertTrue(Files.readString(tmp.resolve("cluster.log")).contains("is STARTED"));
        assertTrue(com.hazelcast.core.Hazelcast.getAllHazelcastInstances().isEmpty(), "the member was shut down");
    }

    @Test
    void aClusterMemberBindsToLoopbackUnlessTheNetworkIsTrusted() {
        Ran r = run("worker", "--bind", "192.0.2.1");
        assertEquals(Main.USAGE, r.exit());
        assertTrue(r.err().contains("will not bind to 192.0.2.1 without --trusted-network"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Ran join = run("prove", "cpa", "--variant", "CPA-4", "--cluster", "--join", "192.0.2.7:5701");
        assertEquals(Main.USAGE, join.exit());
        assertTrue(join.err().contains("will not join 192.0.2.7"), join.err());
    }

    @Tag("deep") // waits out a connection timeout: about 8 s
    @Test
    void aListedMemberThatCannotBeReachedIsNamed() {
        Ran r = run("prove", "cpa", "--variant", "CPA-4", "--cluster", "--port", "5832",
                "--join", "127.0.0.1:5832,127.0.0.1:5899", "--join-wait", "1", "--cluster-log", tmp.resolve("c.log").toString());
        assertEquals(Main.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("cannot reach cluster member 127.0.0.1:5899"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
