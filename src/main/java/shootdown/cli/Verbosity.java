package shootdown.cli;

import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --verbose}, the same on every command. */
final class Verbosity {
    @Option(names = {"-q", "--quiet"}, description = "Print only the answer (the last line).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print more: what runs, where its logs go, every detail.")
    boolean verbose;

    /** Both make no sense together. */
    void check() {
        if (quiet && verbose) throw new IllegalArgumentException("give --quiet or --verbose, not both");
    }
}
