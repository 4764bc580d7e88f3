package shootdown.cli;

import java.util.Locale;
import picocli.CommandLine;

/** A memory size as people write it: {@code 512m}, {@code 2g}, {@code 1.5G} (binary units; bare numbers are bytes). */
final class MemorySize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        String number = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            double value = Double.parseDouble(number);
            if (value > 0 && value * unit < Long.MAX_VALUE) return (long) (value * unit);
        } catch (NumberFormatException e) {
            // fall through to the one message
        }
        throw new CommandLine.TypeConversionException("'" + text + "' is not a memory size (e.g. 512m, 2g)");
    }
}
