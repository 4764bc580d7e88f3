package shootdown.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Side-by-side text columns, one per CPU, as kernel developers draw races in commit messages.
 * Rows are added as bands: a label (the step number) and some lines for some columns; long
 * lines wrap inside their column so that every column stays aligned.
 */
final class ColumnLayout {
    private static final String GUTTER = "    ";

    private final List<String> headers;
    private final int labelWidth;
    private final int maxWidth;
    private final int lastMaxWidth;
    private final List<Band> bands = new ArrayList<>();

    private record Band(String label, List<List<String>> cells) {
    }

    /** The last column has nothing to its right, so it may be wider before it wraps. */
    ColumnLayout(List<String> headers, int labelWidth, int maxWidth, int lastMaxWidth) {
        this.headers = List.copyOf(headers);
        this.labelWidth = labelWidth;
        this.maxWidth = maxWidth;
        this.lastMaxWidth = lastMaxWidth;
    }

    /** One line in one column. */
    void add(String label, int column, String text) {
        List<List<String>> cells = emptyCells();
        cells.get(column).add(text);
        bands.add(new Band(label, cells));
    }

    /** Lines in several columns that belong to one row (index = column; null or empty = nothing). */
    void add(String label, List<List<String>> perColumn) {
        List<List<String>> cells = emptyCells();
        for (int c = 0; c < perColumn.size() && c < cells.size(); c++) {
            if (perColumn.get(c) != null) cells.get(c).addAll(perColumn.get(c));
        }
        bands.add(new Band(label, cells));
    }

    String render() {
        int[] widths = widths();
        StringBuilder out = new StringBuilder();
        List<List<String>> header = emptyCells();
        List<List<String>> rule = emptyCells();
        for (int c = 0; c < headers.size(); c++) {
            header.get(c).add(headers.get(c));
            rule.get(c).add("-".repeat(headers.get(c).length()));
        }
        emit(out, "step", header, widths);
        emit(out, "----", rule, widths);
        for (Band band : bands) emit(out, band.label, band.cells, widths);
        return out.toString();
    }

    private List<List<String>> emptyCells() {
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < headers.size(); c++) cells.add(new ArrayList<>());
        return cells;
    }

    /** Each column is as wide as its longest line, but never wider than the maximum. */
    private int[] widths() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) widths[c] = headers.get(c).length();
        for (Band band : bands) {
            for (int c = 0; c < widths.length; c++) {
                int max = c == widths.length - 1 ? lastMaxWidth : maxWidth;
                for (String line : band.cells.get(c)) widths[c] = Math.max(widths[c], Math.min(max, line.length()));
            }
        }
        return widths;
    }

    private void emit(StringBuilder out, String label, List<List<String>> cells, int[] widths) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < cells.size(); c++) {
            List<String> lines = new ArrayList<>();
            for (String line : cells.get(c)) lines.addAll(wrap(line, widths[c]));
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int row = 0; row < height; row++) {
            StringBuilder line = new StringBuilder();
            line.append(pad(row == 0 ? label : "", labelWidth, true));
            for (int c = 0; c < wrapped.size(); c++) {
                List<String> lines = wrapped.get(c);
                line.append(GUTTER).append(pad(row < lines.size() ? lines.get(row) : "", widths[c], false));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** Breaks after ", " or at a space when possible; continuation lines are indented two more. */
    static List<String> wrap(String text, int width) {
        if (text.length() <= width) return List.of(text);
        String indent = " ".repeat(Math.min(text.length() - text.stripLeading().length() + 2, width / 2));
        List<String> lines = new ArrayList<>();
        String rest = text;
        String prefix = "";
        while ((prefix + rest).length() > width) {
            int room = width - prefix.length();
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= rest.length() - rest.stripLeading().length()) cut = room; // no space to break at
            lines.add((prefix + rest.substring(0, cut)).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            prefix = indent;
        }
        if (!rest.isEmpty()) lines.add(prefix + rest);
        return Collections.unmodifiableList(lines);
    }

    private static String pad(String text, int width, boolean right) {
        if (text.length() >= width) return text;
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }
}
