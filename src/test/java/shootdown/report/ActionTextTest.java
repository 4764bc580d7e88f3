package shootdown.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The machine's step texts, as every model words them. */
class ActionTextTest {
    @Test
    void readsIpiSendsAndTakes() {
        assertEquals(List.of(0, 2),
                ActionText.ipiTargets("on_each_cpu(flush_tlb_all): ran locally, IPI sent to CPUs {0, 2}"));
        assertEquals(List.of(),
                ActionText.ipiTargets("on_each_cpu_mask({1}, wbnoinvd): ran locally, IPI sent to CPUs {}"));
        assertNull(ActionText.ipiTargets("spin_lock(&pgd_lock)"));
        assertEquals(1, ActionText.ipiSender("takes IPI from CPU1: flush_tlb_one_kernel(0x1)").getAsInt());
        assertEquals("flush_tlb_one_kernel(0x1)",
                ActionText.ipiWork("on_each_cpu(flush_tlb_one_kernel(0x1)): ran locally, IPI sent to CPUs {0}"));
        assertEquals("wbnoinvd", ActionText.ipiWork("on_each_cpu_mask({0}, wbnoinvd): IPI sent to CPUs {0}"));
        assertTrue(ActionText.isWaitDone("on_each_cpu() returns: every CPU has flushed"));
    }

    @Test
    void tellsWhichStepsFlushOnTheirOwnCpu() {
        assertTrue(ActionText.flushesHere("on_each_cpu(flush_tlb_all): ran locally, IPI sent to CPUs {0}"));
        assertFalse(ActionText.flushesHere("on_each_cpu_mask({0}, wbnoinvd): IPI sent to CPUs {0}"),
                "a masked sender outside the mask does not flush itself");
        assertTrue(ActionText.flushesHere("takes IPI from CPU1: wbnoinvd"));
        assertFalse(ActionText.flushesHere("takes IPI from CPU1: sev_wbnoinvd_mark_running"), "marking is no flush");
        assertTrue(ActionText.flushesHere("__flush_tlb_all() (local)"));
        assertTrue(ActionText.flushesHere("kvm_flush_remote_tlbs(); free sp#2"));
        assertFalse(ActionText.flushesHere("on_each_cpu() returns: every CPU has flushed"));
    }

    @Test
    void findsTheEntryAStepTouched() {
        assertEquals(Optional.of(new TouchedEntry(true, "pmd@table#1[0]", "2M pfn 0x0 RW NX", "table#2")),
                TouchedEntry.from("__set_pmd_pte(pmd@table#1[0], table#2) was 2M pfn 0x0 RW NX"));
        assertEquals(Optional.of(new TouchedEntry(false, "walk of 0x1", "", "4K pfn 0x1 RW NX at 4K level")),
                TouchedEntry.from("lookup_address(0x1) = 4K pfn 0x1 RW NX at 4K level"));
        assertEquals(Optional.of(new TouchedEntry(true, "sp#3[0]", "not present", "leaf gfn 0x0")),
                TouchedEntry.from("cmpxchg sp#3[0]: not present => leaf gfn 0x0"));
        assertEquals(Optional.of(new TouchedEntry(true, "sp#2[0]", "-> sp#3, iterator saw not present", "-> sp#4")),
                TouchedEntry.from("WRITE_ONCE(sp#2[0], -> sp#4); was -> sp#3, iterator saw not present"));
        assertEquals(Optional.of(new TouchedEntry(true, "RMP[0x0]", "", "assigned 4K ASID 1 gpa 0x0")),
                TouchedEntry.from("RMPUPDATE(0x0) completes: RMP entry now assigned 4K ASID 1 gpa 0x0"));
        assertEquals(Optional.empty(), TouchedEntry.from("spin_lock(&pgd_lock)"));
    }
}
