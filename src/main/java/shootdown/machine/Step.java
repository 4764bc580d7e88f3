package shootdown.machine;

import java.util.function.Function;

/**
 * One atomic machine step as a CPU asks for it: what must hold first, what it touches, and the
 * step itself as a function of the machine. An engine that keeps snapshots runs {@code body} on
 * the snapshot it chose; the others run it on the CPU's own machine.
 *
 * @param guard       null if the step can always happen
 * @param footprint   what the step may read and write
 * @param body        the step
 * @param resultKept  false when the value returned tells nothing about the CPU's future (a
 *                    number that depends on the path taken), so states may merge regardless
 * @param signature   which step this is, with its arguments ({@link StepSignature}): the same
 *                    code given the same results must ask for the same signatures again
 * @param call        the step in words, for the message when it is not asked for again
 */
public record Step<T>(Guard guard, Footprint footprint, Function<MachineCore, T> body, boolean resultKept,
                      long signature, String call) {
}
