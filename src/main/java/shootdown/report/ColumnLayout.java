package shootdown.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Side-by-side text columns, one per CPU, as kernel developers draw races in commit messages,
 * inside a fixed total width (75 columns by default: what a commit message or a reply on the
 * list holds). Rows are added as bands: a label (the step number) and some lines for some
 * columns, or one line across every column; long lines wrap inside their column so that every
 * column stays aligned and no line is wider than the total.
 */
final class ColumnLayout {
    /** What a commit message holds: git's convention of 75 columns. */
    static final int DEFAULT_WIDTH = 75;
    private static final String GUTTER = "  ";
    /** Below this a column is unreadable: more CPUs than fit then make the drawing wider. */
    private static final int NARROWEST_COLUMN = 18;

    private final List<String> headers;
    private final int labelWidth;
    private final int columnWidth;
    private final List<Band> bands = new ArrayList<>();

    /** @param across null for a band of columns; else one line from column {@code from} to the right edge */
    private record Band(String label, List<List<String>> cells, String across, int from) {
    }

    /**
     * @param labelWidth the widest label (step number) to come
     * @param width      the total width every line must fit in
     */
    ColumnLayout(List<String> headers, int labelWidth, int width) {
        this.headers = List.copyOf(headers);
        this.labelWidth = labelWidth;
        int room = width - labelWidth - headers.size() * GUTTER.length();
        this.columnWidth = Math.max(NARROWEST_COLUMN, room / Math.max(1, headers.size()));
    }

    int columnWidth() {
        return columnWidth;
    }

    /** One line in one column. */
    void add(String label, int column, String text) {
        List<List<String>> cells = emptyCells();
        cells.get(column).add(text);
        bands.add(new Band(label, cells, null, 0));
    }

    /** Lines in several columns that belong to one row (index = column; null or empty = nothing). */
    void add(String label, List<List<String>> perColumn) {
        List<List<String>> cells = emptyCells();
        for (int c = 0; c < perColumn.size() && c < cells.size(); c++) {
            if (perColumn.get(c) != null) cells.get(c).addAll(perColumn.get(c));
        }
        bands.add(new Band(label, cells, null, 0));
    }

    /** A line that starts in {@code column} and may run on over the columns to its right (e.g. the hazard). */
    void addFrom(String label, int column, String text) {
        bands.add(new Band(label, List.of(), text, column));
    }

    String render() {
        StringBuilder out = new StringBuilder();
        List<List<String>> header = emptyCells();
        List<List<String>> rule = emptyCells();
        for (int c = 0; c < headers.size(); c++) {
            header.get(c).add(headers.get(c));
            rule.get(c).add("-".repeat(headers.get(c).length()));
        }
        emit(out, "", header);
        emit(out, "", rule);
        for (Band band : bands) {
            if (band.across != null) {
                String before = " ".repeat(band.from * (columnWidth + GUTTER.length()));
                int room = (headers.size() - band.from) * (columnWidth + GUTTER.length()) - GUTTER.length();
                List<String> lines = wrap(band.across, room);
                for (int i = 0; i < lines.size(); i++) {
                    out.append(pad(i == 0 ? band.label : "", labelWidth, true)).append(GUTTER).append(before)
                            .append(lines.get(i)).append('\n');
                }
            } else {
                emit(out, band.label, band.cells);
            }
        }
        return out.toString();
    }

    private List<List<String>> emptyCells() {
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < headers.size(); c++) cells.add(new ArrayList<>());
        return cells;
    }

    private void emit(StringBuilder out, String label, List<List<String>> cells) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (List<String> cell : cells) {
            List<String> lines = new ArrayList<>();
            for (String line : cell) lines.addAll(wrap(line, columnWidth));
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int row = 0; row < height; row++) {
            StringBuilder line = new StringBuilder(pad(row == 0 ? label : "", labelWidth, true));
            for (List<String> lines : wrapped) {
                line.append(GUTTER).append(pad(row < lines.size() ? lines.get(row) : "", columnWidth, false));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /**
     * Breaks after ", " or at a space when possible, else inside a word; continuation lines are
     * indented two more than the first. No line is wider than {@code width}.
     */
    static List<String> wrap(String text, int width) {
        if (text.length() <= width) return List.of(text);
        int lead = text.length() - text.stripLeading().length();
        String indent = " ".repeat(Math.min(lead + 2, width / 2));
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

    /** Prose: wrapped at spaces, every line starting where the first does. */
    static List<String> paragraph(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String line : wrap(text, width)) lines.add(line.strip());
        return lines;
    }

    private static String pad(String text, int width, boolean right) {
        if (text.length() >= width) return text;
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }
}
