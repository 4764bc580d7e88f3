package shootdown.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the engines a campaign asked for, by name (in any case). */
public final class Engines {
    public static final List<String> NAMES = List.of("explorer", "lincheck", "jcstress");

    /**
     * Settings that shape each engine's bound.
     *
     * @param lincheckInvocations       Lincheck's interleavings on a row whose history documents a race
     * @param lincheckNoRaceInvocations Lincheck's interleavings on the other rows (safe, open), where its tree
     *                                  never exhausts
     * @param stressMillisPerRow      the share of jcstress's sampling time each row gets
     * @param logDir                  where engines write what they print (Lincheck's warnings), or null
     */
    public record Settings(long maxStates, int lincheckInvocations, int lincheckNoRaceInvocations,
                           long stressMillisPerRow, Path logDir) {
    }

    private Engines() {
    }

    /** The engine's name as the campaign writes it ("explorer"), for a name in any case. */
    public static String canonical(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(wanted)) {
            throw new IllegalArgumentException("unknown engine '" + name.trim() + "'; known engines: "
                    + String.join(", ", NAMES));
        }
        return wanted;
    }

    public static List<Engine> create(List<String> names, Settings settings) {
        List<Engine> engines = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String name : names) {
            String engine = canonical(name);
            if (seen.contains(engine)) continue;
            seen.add(engine);
            engines.add(switch (engine) {
                case "explorer" -> new ExplorerEngine(settings.maxStates());
                case "lincheck" -> new LincheckWorkers(settings.lincheckInvocations(),
                        settings.lincheckNoRaceInvocations(), Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
                        settings.logDir());
                default -> new JcstressEngine(settings.stressMillisPerRow(), settings.logDir());
            });
        }
        return engines;
    }
}
