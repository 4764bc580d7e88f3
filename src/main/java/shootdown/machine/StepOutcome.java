package shootdown.machine;

/** Whether a guarded step of a model's own happened, and what it returned ({@link MachineCore#step}). */
public record StepOutcome<T>(boolean happened, T value) {
}
