package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.PortForward;
import org.bischeduler.cutover.shell.RemoteCommand;
import org.bischeduler.cutover.shell.TargetException;
import org.bischeduler.cutover.shell.TargetShell;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in target for process tests: answers each runbook script with what a healthy host
 * would report, keeps files in memory, logs every call in order, and fails the calls a test
 * asks it to fail.
 */
public final class ScriptedShell implements TargetShell {

    static final String SITE_FILE = "/etc/nginx/sites-available/scheduler";
    static final String SITE = """
            server {
                listen 80;
                server_name _;

                location /scheduler/ {
                    proxy_pass http://127.0.0.1:5005/;
                    proxy_set_header Host $host;
                }
            }
            """;
    private static final Pattern SCRIPT_NAME = Pattern.compile("# ---- ([a-z-]+)\\.sh");

    private final List<String> calls = new ArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new HashMap<>();
    private final Map<String, String> answers = new HashMap<>();
    private final Map<String, Integer> unreachable = new HashMap<>();

    private record Failure(CommandResult result, int times) {
    }

    ScriptedShell() {
        files.put(SITE_FILE, SITE.getBytes(StandardCharsets.UTF_8));
        files.put("/opt/scheduler/app.py", "print('old scheduler')\n".getBytes(StandardCharsets.UTF_8));
        files.put("/opt/scheduler/.env", "DB_NAME=gestion_horarios\n".getBytes(StandardCharsets.UTF_8));
        files.put("/etc/cron.d/scheduler", "@reboot www-data cd /opt/scheduler && python3 app.py\n".getBytes(StandardCharsets.UTF_8));
    }

    /** The next {@code times} calls whose name (script name, or program) is {@code name} exit with {@code exitCode}. */
    public synchronized void fail(String name, int exitCode, String stderr, int times) {
        failures.put(name, new Failure(new CommandResult(name, exitCode, "", stderr, Duration.ofMillis(5), false, false), times));
    }

    /** From now on {@code name} succeeds with this output instead of a healthy host's. */
    public synchronized void answer(String name, String stdout) {
        answers.put(name, stdout);
    }

    /** The next {@code times} calls of {@code name} cannot reach the host: no connection opens, nothing runs. */
    public synchronized void unreachable(String name, int times) {
        unreachable.put(name, times);
    }

    /** The next {@code times} calls of {@code name} lose the connection: no exit status arrives. */
    synchronized void dropConnection(String name, int times) {
        failures.put(name, new Failure(new CommandResult(name, CommandResult.UNKNOWN_EXIT, "", "", Duration.ofMillis(5), false, false), times));
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The runbook scripts that ran, in order. */
    public synchronized List<String> scripts() {
        return calls.stream().filter(c -> c.startsWith("script ")).map(c -> c.substring(7)).toList();
    }

    byte[] file(String path) {
        return files.get(path);
    }

    @Override
    public synchronized CommandResult run(RemoteCommand command) {
        // no pause between commands: the rollback's order must not rest on completion times
        String name = nameOf(command);
        if (unreachable.getOrDefault(name, 0) > 0) {
            unreachable.merge(name, -1, Integer::sum);
            throw new TargetException(TargetException.Kind.UNREACHABLE, describe(), "connection refused (scripted)");
        }
        calls.add(name.contains(" ") || !isScript(command) ? "command " + command.commandLine() : "script " + name);
        Failure failure = failures.get(name);
        if (failure != null && failure.times() > 0) {
            failures.put(name, new Failure(failure.result(), failure.times() - 1));
            CommandResult r = failure.result();
            return new CommandResult(command.commandLine(), r.exitCode(), r.stdout(), r.stderr(), r.duration(), r.timedOut(), r.truncated());
        }
        String stdout = answers.containsKey(name) ? answers.get(name) : answer(name);
        return new CommandResult(command.commandLine(), 0, stdout, "", Duration.ofMillis(3), false, false);
    }

    @Override
    public synchronized Optional<byte[]> readFile(String path) {
        calls.add("read " + path);
        return Optional.ofNullable(files.get(path)).map(byte[]::clone);
    }

    @Override
    public synchronized void writeFile(String path, byte[] content, int newFileMode) {
        calls.add("write " + path);
        files.put(path, content.clone());
    }

    @Override
    public PortForward forward(String remoteHost, int remotePort) {
        throw new UnsupportedOperationException("the scripted target has no database; process tests use a scripted database probe");
    }

    @Override
    public String describe() {
        return "scripted target";
    }

    @Override
    public void close() {
    }

    private static boolean isScript(RemoteCommand command) {
        return command.argv().size() >= 2 && command.argv().get(0).equals("bash") && command.argv().get(1).equals("-s");
    }

    private static String nameOf(RemoteCommand command) {
        if (command.script() != null) {
            return command.script();
        }
        // the health check's first run: its text on stdin, named by its path
        if (isScript(command) && command.argv().size() == 4 && command.argv().get(2).equals("--")) {
            return command.argv().get(3);
        }
        if (isScript(command)) {
            Matcher matcher = SCRIPT_NAME.matcher(new String(command.stdin(), StandardCharsets.UTF_8));
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return command.argv().get(0).equals("systemctl") || command.argv().get(0).equals("nginx")
                ? String.join(" ", command.argv()) : command.argv().get(0);
    }

    private static String answer(String name) {
        long now = System.currentTimeMillis();
        return switch (name) {
            case "preflight" -> """
                    @check.ssh=ok|a login over SSH|logged in as root on web-01
                    @check.old-service=ok|an HTTP answer on 127.0.0.1:5005|HTTP 200
                    @check.nginx=ok|nginx -t passes|it passes
                    """;
            case "backup-database" -> """
                    @path=/var/backups/scheduler/gestion_horarios_x.sql.gz
                    @size=2048
                    @sha256=9f2c8e0b4e2a1f3d5c6b7a8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b
                    @state=created
                    """;
            case "stop-old-service" -> "@mode=command\n@unit=scheduler\n@pid=4242\n@cwd=/opt/scheduler\n@user=www-data\n"
                    + "@cmdline=python3 app.py\n@environment=FLASK_PORT HOME PATH\n@signal=TERM\n@stoppedAt=" + now + "\n@state=stopped\n";
            case "disable-autostart" -> "@unitWasEnabled=yes\n@cronLinesDisabled=1\n@state=disabled\n";
            case "archive-old-app" -> "@archivePath=/var/archive/old_scheduler_x\n@state=archived\n";
            case "start-new-service" -> "@answeredAt=" + now + "\n@state=started\n";
            case "start-old-service" -> "@restoredAt=" + now + "\n@state=started\n";
            case "stop-new-service" -> "@stoppedAt=" + now + "\n@state=stopped\n";
            case "verify" -> "@check.port=ok|bischeduler holds port 5005|pid 77\n@check.direct=ok|200|200\n@check.nginx=ok|200|200\n"
                    + "@check.redirect=ok|302 to /bischeduler/|302 http://127.0.0.1/bischeduler/\n@check.static=ok|200|200\n";
            case "check-rollback" -> "@check.old-url=ok|200|200\n@check.port=ok|a listener on port 5005|pid 78\n";
            case "backup-configuration" -> """
                    @backup.nginx-site=/etc/nginx/sites-available/scheduler|/var/backups/scheduler/config_x/nginx-site|230|5f1c0a9e7d3b2a4c6e8f0b1d3c5a7e9f1b3d5c7e9a0b2c4d6e8f0a1b3c5d7e9f
                    @backup.app.py=/opt/scheduler/app.py|/var/backups/scheduler/config_x/app.py|24|8a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b
                    @state=created
                    """;
            case "switch-nginx" -> "@switchedAt=" + now + "\n@state=switched\n";
            default -> "@state=done\n";
        };
    }
}
