package shootdown.campaign;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import shootdown.machine.Hazard;

/** Hazard kinds as users write them: {@code H1}, {@code H3_RMP_FAULT}, {@code lost_update}, ... */
public final class Hazards {
    private Hazards() {
    }

    /** @throws IllegalArgumentException listing the kinds */
    public static Hazard.Kind kind(String text) {
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        for (Hazard.Kind kind : Hazard.Kind.values()) {
            if (kind.name().equals(wanted) || kind.name().startsWith(wanted + "_")) return kind;
        }
        throw new IllegalArgumentException("unknown hazard '" + text + "'; known: "
                + Arrays.stream(Hazard.Kind.values()).map(Enum::name).toList());
    }

    /** A comma-separated list, e.g. {@code H1,H2}. */
    public static Set<Hazard.Kind> parse(String list) {
        Set<Hazard.Kind> out = EnumSet.noneOf(Hazard.Kind.class);
        for (String part : list.split(",")) if (!part.isBlank()) out.add(kind(part));
        if (out.isEmpty()) throw new IllegalArgumentException("--hazards names no hazard");
        return out;
    }
}
