package shootdown.report;

import java.util.List;
import shootdown.machine.Hazard;

/** The hazard as the page shows it: where it arose, who caused it, the entries involved. */
record HazardView(String title, String where, String message, List<String> evidence, List<String> pendingIpis,
                  String stepAnchor) {

    /** @param pending the IPIs sent but not yet taken when the hazard arose */
    static HazardView of(Hazard hazard, List<IpiLedger.Ipi> pending) {
        String where = hazard.step() >= 0 ? "at step " + hazard.step() : "at quiescence (every operation returned)";
        String victim = hazard.cpu() >= 0 ? " on CPU" + hazard.cpu() : "";
        String actor = hazard.actorCpu() < 0 || hazard.step() < 0 ? ""
                : hazard.actorCpu() == hazard.cpu() ? ", caused by CPU" + hazard.actorCpu() + "'s own step"
                : ", caused by a step of CPU" + hazard.actorCpu();
        List<String> notes = pending.stream().map(ipi -> "CPU" + ipi.target() + " has not yet taken the IPI that CPU"
                + ipi.sender() + " sent at step " + ipi.sentAt()
                + (ipi.work().isEmpty() ? "" : " to run " + ipi.work())).toList();
        return new HazardView(hazard.kind().title, where + victim + actor, hazard.message(),
                List.copyOf(hazard.evidence()), notes, hazard.step() >= 0 ? "step-" + hazard.step() : null);
    }

    boolean anyEvidence() {
        return !evidence.isEmpty();
    }

    boolean anyPendingIpis() {
        return !pendingIpis.isEmpty();
    }
}
