package shootdown.engine;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import shootdown.campaign.CatalogueRow;

/**
 * A JVM of a campaign's Lincheck checks ({@link LincheckWorkers}): it reads a row id and a budget
 * per line on standard input, checks the row, and writes the result as one line
 * {@value #RESULT}{@code <json>} on standard output, until its input ends. Lincheck's state is
 * global to a JVM (its agent, its target), which is why each worker is a JVM of its own.
 *
 * <p>Arguments: the invocations on racy rows, on the others, the log directory, the user rows'
 * catalogue file and the flush method ({@code -} for none).
 */
public final class LincheckWorker {
    static final String RESULT = "result ";
    /** Written once the worker has read its rows: from then on, its time is its checks'. */
    static final String READY = "ready";

    private LincheckWorker() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.stopWithParent();
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // anything else printed goes to the worker's log, never into the protocol
        LincheckEngine engine = new LincheckEngine(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                given(args[2]) == null ? null : Path.of(args[2]));
        List<CatalogueRow> rows = UserRows.select(null, given(args[3]), given(args[4]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        protocol.println(READY);
        for (String line; (line = in.readLine()) != null; ) {
            String[] request = line.trim().split(" ");
            if (request[0].isEmpty()) continue;
            CatalogueRow row = rows.stream().filter(r -> r.id().equals(request[0])).findFirst().orElse(null);
            CheckResult result = row == null
                    ? CheckResult.error(request[0], engine.name(), 0, "the Lincheck worker has no row " + request[0])
                    : engine.check(row, Long.parseLong(request[1]));
            protocol.println(RESULT + ResultLine.write(result));
        }
    }

    private static String given(String arg) {
        return arg.equals("-") ? null : arg;
    }
}
