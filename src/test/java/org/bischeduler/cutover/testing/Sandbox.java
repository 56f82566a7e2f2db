package org.bischeduler.cutover.testing;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real target host built by {@code scripts/sandbox.sh} in a temporary folder: sshd, nginx,
 * mariadbd, the old scheduler running, BiScheduler ready, a cron entry, a systemctl stand-in.
 */
public final class Sandbox implements AutoCloseable {

    private static final Path SCRIPT = Path.of("scripts/sandbox.sh").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Path dir;
    private final Properties env;

    private Sandbox(Path dir, Properties env) {
        this.dir = dir;
        this.env = env;
    }

    public static Sandbox up(Path dir, String... options) {
        if (!Files.isExecutable(SCRIPT)) {
            throw new IllegalStateException(SCRIPT + " is missing");
        }
        List<String> argv = new ArrayList<>(List.of(SCRIPT.toString(), "up", dir.toString()));
        argv.addAll(List.of(options));
        try {
            Files.createDirectories(dir.getParent());
            // the sandbox's unprivileged login must be able to pass through to its key
            Files.setPosixFilePermissions(dir.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Programs.runLogged(argv, dir.resolveSibling(dir.getFileName() + "-sandbox.log"), Duration.ofMinutes(3));
        Properties env = new Properties();
        try (var reader = Files.newBufferedReader(dir.resolve("sandbox.env"))) {
            env.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Sandbox(dir, env);
    }

    public Path dir() {
        return dir;
    }

    public Path path(String relative) {
        return dir.resolve(relative);
    }

    public int appPort() {
        return Integer.parseInt(env.getProperty("APP_PORT"));
    }

    public String baseUrl() {
        return env.getProperty("BASE_URL");
    }

    /** The second server block's address (sandboxes made with {@code --two-server-blocks}). */
    public String secondUrl() {
        return env.getProperty("SECOND_URL");
    }

    /** The sandbox's target configuration, under {@code cutover.targets.<name>}. */
    public Map<String, Object> targetProperties(String name) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("sandbox", new FileSystemResource(dir.resolve("cutover-sandbox.yml")));
            Map<String, Object> properties = new LinkedHashMap<>();
            for (PropertySource<?> source : sources) {
                EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
                for (String key : enumerable.getPropertyNames()) {
                    properties.put(key.replace("cutover.targets.sandbox.", "cutover.targets." + name + "."),
                            String.valueOf(enumerable.getProperty(key)));
                }
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The old app's own secrets, as it runs with them: the password on its command line (which
     * holds characters that JSON, HTML and URLs escape) and the one in its environment ({@code PW}).
     */
    public List<String> oldAppSecrets() {
        try {
            return List.of(Files.readString(dir.resolve("secrets/old-app-password")), Files.readString(dir.resolve("secrets/old-app-pw")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET through the sandbox's nginx (or any URL), redirects not followed. */
    public HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks until the answer has the status (nginx's old workers answer with the old configuration
     * for a moment after a reload), and returns the last answer.
     */
    public HttpResponse<String> await(String url, int status) {
        return await(url, status, java.time.Duration.ofSeconds(5));
    }

    /** Asks until the answer has this status or the time is up; returns the last answer. */
    public HttpResponse<String> await(String url, int status, java.time.Duration patience) {
        long deadline = System.currentTimeMillis() + patience.toMillis();
        HttpResponse<String> answer = get(url);
        while (answer.statusCode() != status && System.currentTimeMillis() < deadline) {
            Programs.sleep(20);
            answer = get(url);
        }
        return answer;
    }

    public int status(String url) {
        try {
            return get(url).statusCode();
        } catch (UncheckedIOException refused) {
            return 0;
        }
    }

    /** Runs a command on the sandbox host, with its systemctl stand-in on the PATH. */
    public String sh(String command) {
        return Programs.run(List.of("env", "PATH=" + dir.resolve("bin") + ":/usr/sbin:/usr/bin:/sbin:/bin", "bash", "-c", command));
    }

    /**
     * An SSH outage, as a network blip makes one: every SSH connection to the host ends at once and
     * new ones are refused, until sshd starts again by itself after {@code outage}. Returns at once.
     */
    public void dropSsh(Duration outage) {
        sh("tree() { local c; for c in $(pgrep -P \"$1\"); do tree \"$c\"; done; echo \"$1\"; }\n"
                + "for p in $(tree \"$(cat " + dir.resolve("run/sshd.pid") + ")\"); do\n"
                + "  [ \"$(cat /proc/$p/comm 2>/dev/null)\" = sshd ] && kill -9 \"$p\"\n"
                + "done; true");
        Thread back = new Thread(() -> {
            Programs.sleep(outage.toMillis());
            Programs.run(List.of("/usr/sbin/sshd", "-f", dir.resolve("ssh/sshd_config").toString(), "-E",
                    dir.resolve("log/sshd.log").toString()));
        }, "sshd-back-" + dir.getFileName());
        back.setDaemon(true);
        back.start();
    }

    /** Stops everything the sandbox started and removes its folder (a database and logs each). */
    @Override
    public void close() {
        Path log = dir.resolveSibling(dir.getFileName() + "-sandbox.log");
        Programs.runLogged(List.of(SCRIPT.toString(), "down", dir.toString()), log, Duration.ofMinutes(1));
        Programs.run(List.of("rm", "-rf", "--", dir.toString(), log.toString()));
    }
}
