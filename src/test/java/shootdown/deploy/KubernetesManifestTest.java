package shootdown.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/kubernetes.yaml holds together: the workers' DNS names are the ones every member joins,
 * the asking member waits for all of them, the key comes from a Secret, members bind to their pod's
 * address on a network only the cluster's pods reach, and every command line parses.
 */
class KubernetesManifestTest {
    private static Map<String, JsonNode> documents() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, JsonNode> byKind = new HashMap<>();
        try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(Path.of("deploy/kubernetes.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                byKind.put(doc.get("kind").asText(), doc);
            }
        }
        return byKind;
    }

    private static List<String> args(JsonNode podSpec) {
        List<String> out = new ArrayList<>();
        podSpec.at("/containers/0/args").forEach(a -> out.add(a.asText()));
        return out;
    }

    private static String option(List<String> args, String name) {
        return args.stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + args));
    }

    @Test
    void workersAndTheAskingMemberFormOneClusterOfTheirOwn() throws IOException {
        Map<String, JsonNode> kinds = documents();
        JsonNode service = kinds.get("Service"), workers = kinds.get("StatefulSet"), job = kinds.get("Job");
        assertEquals("None", service.at("/spec/clusterIP").asText(), "a headless service names each worker");
        assertEquals(service.at("/metadata/name").asText(), workers.at("/spec/serviceName").asText());
        int replicas = workers.at("/spec/replicas").asInt();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            names.add(workers.at("/metadata/name").asText() + "-" + i + "." + service.at("/metadata/name").asText());
        }
        List<String> worker = args(workers.at("/spec/template/spec")), prove = args(job.at("/spec/template/spec"));
        assertEquals("worker", worker.get(0));
        assertEquals(String.join(",", names), option(worker, "--join"));
        assertEquals(String.join(",", names), option(prove, "--join"));
        assertEquals(replicas + 1, Integer.parseInt(option(prove, "--members")), "the asking member waits for every worker");
        for (List<String> a : List.of(worker, prove)) {
            assertTrue(a.contains("--trusted-network") && option(a, "--bind").equals("$(POD_IP)"), a.toString());
        }
        assertTrue(prove.containsAll(List.of("prove", "--cluster")), prove.toString());
        for (JsonNode pod : List.of(workers.at("/spec/template/spec"), job.at("/spec/template/spec"))) {
            boolean keyFromSecret = false;
            for (JsonNode env : pod.at("/containers/0/env")) {
                if (env.get("name").asText().equals("SHOOTDOWN_CLUSTER_KEY")) {
                    keyFromSecret = env.at("/valueFrom/secretKeyRef/name").asText().equals("shootdown-cluster-key");
                }
            }
            assertTrue(keyFromSecret, "the cluster key comes from the Secret, never from the manifest");
            assertEquals(5701, pod.at("/containers/0/ports/0/containerPort").asInt());
        }
        // The commands parse as the tool's own (picocli), with $(POD_IP) standing for an address.
        for (List<String> a : List.of(worker, prove)) {
            List<String> concrete = a.stream().map(x -> x.replace("$(POD_IP)", "10.0.0.9")).toList();
            new CommandLine(new shootdown.cli.Main()).parseArgs(concrete.toArray(String[]::new));
        }
    }

    @Test
    void onlyTheClustersPodsReachTheMemberPort() throws IOException {
        JsonNode policy = documents().get("NetworkPolicy");
        assertEquals("shootdown", policy.at("/spec/podSelector/matchLabels/app").asText());
        JsonNode ingress = policy.at("/spec/ingress");
        assertEquals(1, ingress.size());
        assertEquals("shootdown", ingress.at("/0/from/0/podSelector/matchLabels/app").asText());
        assertEquals(5701, ingress.at("/0/ports/0/port").asInt());
    }
}
