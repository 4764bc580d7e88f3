package shootdown.cli;

/** The work cannot be done as asked (a directory that cannot be written): exit {@link Main#COULD_NOT_RUN}. */
final class CouldNotRun extends RuntimeException {
    CouldNotRun(String message) {
        super(message);
    }
}
