package shootdown.engine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import shootdown.campaign.Verdict;

/** A stand-in Lincheck worker: it never answers for WB-3, and answers any other row at once. */
public final class StuckWorker {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println(LincheckWorker.READY);
        for (String line; (line = in.readLine()) != null; ) {
            String id = line.split(" ")[0];
            if (id.equals("WB-3")) Thread.sleep(Long.MAX_VALUE);
            System.out.println(LincheckWorker.RESULT + ResultLine.write(new CheckResult(id, "lincheck",
                    Verdict.INCONCLUSIVE, false, 5, 0, 1, -1, null, List.of(), List.of(), null, 0, 0, "stand-in", null)));
        }
    }
}
