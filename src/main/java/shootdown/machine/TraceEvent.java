package shootdown.machine;

import java.util.List;

/**
 * One machine step as a reviewer reads it: which CPU, in which kernel function, did what,
 * holding which locks, and which TLB entries it concerns.
 */
public record TraceEvent(int step, int cpu, String function, String action, List<String> locksHeld,
                         List<String> tlbNotes) {
}
