package shootdown.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import shootdown.machine.Hazard;

/** The JSON form of a {@link Hazard}; the title is written out so the file reads without the code. */
@JsonPropertyOrder({"kind", "title", "step", "cpu", "actorCpu", "message", "evidence"})
public record HazardEntry(String kind, String title, int step, int cpu, int actorCpu, String message,
                          List<String> evidence) {

    static HazardEntry of(Hazard hazard) {
        return hazard == null ? null : new HazardEntry(hazard.kind().name(), hazard.kind().title, hazard.step(),
                hazard.cpu(), hazard.actorCpu(), hazard.message(), List.copyOf(hazard.evidence()));
    }

    Hazard toHazard() {
        return new Hazard(Hazard.Kind.valueOf(kind), step, cpu, actorCpu, message,
                evidence == null ? List.of() : List.copyOf(evidence));
    }
}
