package shootdown.machine;

/**
 * Thrown by a scheduler into a CPU thread whose run is over (the search moved on, the cost run
 * stopped), to unwind the model code from whatever step it waits in. An Error, so model code,
 * which never catches Error, cannot swallow it; without a stack trace, as it is expected.
 */
public final class Abandoned extends Error {
    public Abandoned() {
        super(null, null, false, false);
    }
}
