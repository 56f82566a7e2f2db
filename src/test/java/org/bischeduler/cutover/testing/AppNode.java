package org.bischeduler.cutover.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The packaged app as a separate process (a node): started with {@code java -jar}, reached over its
 * REST API as a given user, stopped gently or killed as a crash would.
 */
public final class AppNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Map<String, String> passwords;

    private AppNode(String name, int port, Process process, Path log, Map<String, String> passwords) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.passwords = passwords;
    }

    /**
     * @param properties Spring properties, passed as {@code --key=value}
     * @param environment environment variables (secrets go here, never on the command line)
     * @param passwords   the users' passwords, for the REST calls of the tests
     */
    public static AppNode start(String name, Path dir, Map<String, String> properties, Map<String, String> environment,
                                Map<String, String> passwords) {
        String jar = System.getProperty("cutover.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("the packaged jar is missing (" + jar + "); run these tests with 'mvn verify'");
        }
        int port = Programs.freePort();
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar, "--server.port=" + port, "--management.server.port=0",
                "--camunda.bpm.generic-properties.properties.hostname=" + name, "--cutover.recovery.node-name=" + name));
        properties.forEach((key, value) -> argv.add("--" + key + "=" + value));
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            AppNode node = new AppNode(name, port, builder.start(), log, passwords);
            node.awaitReady(Duration.ofSeconds(120));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up:\n" + Programs.tail(log));
            }
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/engine-rest/version"))
                        .header("Authorization", basic("admin")).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Programs.sleep(500);
        }
        throw new IllegalStateException(name + " did not answer within " + timeout + ":\n" + Programs.tail(log));
    }

    /** The password the tests know for this user. */
    public String password(String user) {
        return passwords.get(user);
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A REST call as a user; returns the JSON answer, or fails with the status and body. */
    public JsonNode rest(String user, String method, String path, String body) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/engine-rest" + path))
                    .header("Authorization", basic(user)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " as " + user + " on " + name + ": " + answer.statusCode()
                        + " " + answer.body());
            }
            return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request as a user (REST under {@code /engine-rest}, or any other path of the app), answered as it came. */
    public HttpResponse<String> send(String user, String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(30));
            if (user != null) {
                request.header("Authorization", basic(user));
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the run has an open task with this key, and completes it as the user. */
    public void complete(String user, String processInstanceId, String taskKey, String variablesJson, Duration timeout) {
        String id = awaitTask(processInstanceId, taskKey, timeout);
        rest(user, "POST", "/task/" + id + "/complete", "{\"variables\":" + variablesJson + "}");
    }

    /** Waits until the run has ended (its last steps run as jobs after the last task) and returns its history. */
    public JsonNode awaitEnded(String processInstanceId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = rest("admin", "GET", "/history/process-instance/" + processInstanceId, null);
        while (!run.path("endTime").isTextual() && System.nanoTime() < deadline) {
            Programs.sleep(250);
            run = rest("admin", "GET", "/history/process-instance/" + processInstanceId, null);
        }
        return run;
    }

    public String awaitTask(String processInstanceId, String taskKey, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode tasks = rest("admin", "GET", "/task?processInstanceId=" + processInstanceId + "&taskDefinitionKey=" + taskKey, null);
            if (tasks.size() > 0) {
                return tasks.get(0).path("id").asText();
            }
            Programs.sleep(250);
        }
        JsonNode incidents = rest("admin", "GET", "/incident?processInstanceId=" + processInstanceId, null);
        JsonNode open = rest("admin", "GET", "/task?processInstanceId=" + processInstanceId, null);
        throw new AssertionError("no task " + taskKey + " within " + timeout + "; open tasks " + open + ", incidents " + incidents);
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Freezes the node (SIGSTOP), as a long pause would: it answers nothing and takes no job until {@link #resume}. */
    public void pause() {
        signal("-STOP");
    }

    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        Programs.run(List.of("kill", signal, String.valueOf(process.pid())));
    }

    /** Kills the node at once (SIGKILL), as a crash or a pulled plug would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            resume();
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String basic(String user) {
        String credentials = user + ":" + passwords.get(user);
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
