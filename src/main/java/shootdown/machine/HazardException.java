package shootdown.machine;

/** Thrown by the machine step at which a hazard arises; it ends that CPU's operation. */
public final class HazardException extends RuntimeException {
    private final transient Hazard hazard;

    public HazardException(Hazard hazard) {
        super(hazard.toString(), null, false, false);
        this.hazard = hazard;
    }

    public Hazard hazard() {
        return hazard;
    }
}
