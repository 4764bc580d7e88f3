package shootdown.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A check's result as one line of JSON, as a worker JVM hands it to the campaign's. Only
 * results of one scenario cross (a proof's witness scenario never does).
 */
final class ResultLine {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ResultLine() {
    }

    static String write(CheckResult result) {
        if (result.witness() != null) throw new IllegalArgumentException("a witness scenario does not cross JVMs");
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a check's result did not turn into JSON: " + e.getOriginalMessage(), e);
        }
    }

    static CheckResult read(String line) {
        try {
            return MAPPER.readValue(line, CheckResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a check's result: " + e.getOriginalMessage(), e);
        }
    }
}
