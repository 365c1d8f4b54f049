package io.dirsync.projector.offboarding;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code dirsync offboarding status|report}: asks the projector's offboarding query API (any instance; it gathers the
 * others) and prints its table, CSV or JSON. The rendering is the server's, so the CLI and the API never disagree.
 */
public final class OffboardingCli {

    private OffboardingCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv().getOrDefault("DIRSYNC_PROJECTOR_URL", "http://localhost:8081"),
                System.out, System.err));
    }

    static int run(String[] args, String projectorUrl, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        if (!command.equals("status") && !command.equals("report")) {
            err.println("dirsync offboarding: unknown command '" + command + "'\n" + usage());
            return 2;
        }
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println("dirsync offboarding " + command + ": give the directory id\n" + usage());
            return 2;
        }
        String directory = args[1];
        String format = "table";
        StringBuilder query = new StringBuilder();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--csv" -> format = "csv";
                case "--json" -> format = "json";
                case "--from", "--to" -> {
                    if (!command.equals("report")) {
                        err.println("dirsync offboarding status: " + args[i] + " is for report");
                        return 2;
                    }
                    if (i + 1 >= args.length) {
                        err.println("dirsync offboarding report: " + args[i] + " needs an ISO-8601 instant");
                        return 2;
                    }
                    String value = args[++i];
                    try {
                        Instant.parse(value);
                    } catch (DateTimeParseException e) {
                        err.println("dirsync offboarding report: " + args[i - 1] + " '" + value
                                + "' is not an ISO-8601 instant (e.g. 2026-06-01T00:00:00Z)");
                        return 2;
                    }
                    query.append('&').append(args[i - 1].substring(2)).append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
                default -> {
                    err.println("dirsync offboarding " + command + ": unknown argument " + args[i] + "\n" + usage());
                    return 2;
                }
            }
        }
        String path = "/query/directories/" + URLEncoder.encode(directory, StandardCharsets.UTF_8).replace("+", "%20")
                + "/offboarding" + (command.equals("report") ? "/report" : "") + "?format=" + format + query;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = null;
            // A projector that is (re)balancing answers 503 for a moment: ask a few times.
            for (int attempt = 0; attempt < 10; attempt++) {
                r = http.send(HttpRequest.newBuilder(URI.create(projectorUrl + path)).timeout(Duration.ofSeconds(30))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 503) {
                    break;
                }
                Thread.sleep(1000);
            }
            if (r.statusCode() != 200) {
                err.println("dirsync offboarding " + command + ": " + r.statusCode() + " " + r.body());
                return 1;
            }
            out.print(r.body());
            if (!r.body().endsWith("\n")) {
                out.println();
            }
            return 0;
        } catch (IOException e) {
            err.println("dirsync offboarding: cannot reach the projector at " + projectorUrl + " (" + e + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static String usage() {
        return """
                usage: dirsync offboarding status <directory> [--csv|--json]
                       dirsync offboarding report <directory> [--from <instant>] [--to <instant>] [--csv|--json]
                  status  leavers not yet acknowledged by every declared app, overdue ones marked, per app
                  report  every leaver whose DEPROVISION was issued in [from, to), with each app's ack time (audit evidence)
                  env DIRSYNC_PROJECTOR_URL (http://localhost:8081); declared apps: DIRSYNC_OFFBOARDING_APPS on the projector""";
    }
}
