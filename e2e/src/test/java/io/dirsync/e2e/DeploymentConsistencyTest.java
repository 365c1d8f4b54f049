package io.dirsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dirsync.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, the Dockerfiles and the launcher cannot run on machines without Docker; this test keeps
 * them consistent with the code: the same topics and policies, env var names the services really read,
 * and the ports they really listen on.
 */
class DeploymentConsistencyTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String name) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service(name).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @Test
    void shouldCreateExactlyTheContractTopicsWithTheirPolicies() throws IOException {
        @SuppressWarnings("unchecked")
        String script = String.join("\n", (List<String>) service("topics").get("entrypoint"));
        Map<String, Map<String, String>> created = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^\\s*create (\\S+)(.*)$").matcher(script);
        while (line.find()) {
            Map<String, String> configs = new LinkedHashMap<>();
            Matcher config = Pattern.compile("--config (\\S+?)=(\\S+)").matcher(line.group(2));
            while (config.find()) {
                configs.put(config.group(1), config.group(2));
            }
            created.put(line.group(1), configs);
        }

        Map<String, Map<String, String>> contract = new LinkedHashMap<>();
        Topics.all().forEach(t -> contract.put(t.name(), t.configs()));
        assertThat(created).isEqualTo(contract);
    }

    @Test
    void shouldOnlySetEnvironmentVariablesTheServicesRead() throws IOException {
        for (String name : List.of("projector", "ingest")) {
            String config = Files.readString(ROOT.resolve(name + "/src/main/resources/application.yml"));
            assertThat(environment(name).keySet()).as("env of %s read by its application.yml", name)
                    .allSatisfy(var -> assertThat(config).contains("${" + var + ":"));
        }
    }

    @Test
    void shouldPublishThePortsTheServicesListenOn() throws IOException {
        assertPort("ingest", "DIRSYNC_INGEST_PORT", "8080");
        assertPort("projector", "DIRSYNC_PROJECTOR_PORT", "8081");
        assertThat(environment("ingest").get("DIRSYNC_PROJECTOR_URL"))
                .isEqualTo("http://projector:" + environment("projector").get("DIRSYNC_PROJECTOR_PORT"));
        assertThat(environment("projector").get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
    }

    @Test
    void shouldLaunchLocallyWithTheSameVariableNames() throws IOException {
        String launcher = Files.readString(ROOT.resolve("dirsync"));
        for (String var : List.of("DIRSYNC_PROJECTOR_PORT", "DIRSYNC_PROJECTOR_STATE_DIR", "DIRSYNC_INGEST_PORT",
                "DIRSYNC_PROJECTOR_URL", "DIRSYNC_SCIM_TOKENS", "KAFKA_BOOTSTRAP_SERVERS")) {
            assertThat(launcher).contains(var);
            String owner = var.startsWith("DIRSYNC_PROJECTOR_PORT") || var.endsWith("STATE_DIR") ? "projector" : "ingest";
            assertThat(Files.readString(ROOT.resolve(owner + "/src/main/resources/application.yml")))
                    .contains("${" + var + ":");
        }
    }

    private static void assertPort(String name, String variable, String port) throws IOException {
        String config = Files.readString(ROOT.resolve(name + "/src/main/resources/application.yml"));
        assertThat(config).contains("${" + variable + ":" + port + "}");
        assertThat(environment(name).get(variable)).isEqualTo(port);
        assertThat(service(name).get("ports")).isEqualTo(List.of(port + ":" + port));
        String dockerfile = Files.readString(ROOT.resolve(name + "/Dockerfile"));
        assertThat(dockerfile).contains("EXPOSE " + port).contains("dirsync-" + name + "-0.1.0-SNAPSHOT.jar");
    }
}
