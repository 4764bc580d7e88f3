package shootdown.engine;

import java.util.ArrayList;
import java.util.List;

/** Builds the engines a campaign asked for, by name. */
public final class Engines {
    public static final List<String> NAMES = List.of("explorer", "lincheck", "jcstress");

    /** Settings that shape each engine's bound. */
    public record Settings(long maxStates, int lincheckInvocations, String stressMode) {
    }

    private Engines() {
    }

    public static List<Engine> create(List<String> names, Settings settings) {
        List<Engine> engines = new ArrayList<>();
        for (String name : names) {
            engines.add(switch (name.trim()) {
                case "explorer" -> new ExplorerEngine(settings.maxStates());
                case "lincheck" -> new LincheckEngine(settings.lincheckInvocations());
                case "jcstress" -> new JcstressEngine(settings.stressMode());
                default -> throw new IllegalArgumentException(
                        "unknown engine '" + name.trim() + "'; known engines: " + String.join(", ", NAMES));
            });
        }
        return engines;
    }
}
