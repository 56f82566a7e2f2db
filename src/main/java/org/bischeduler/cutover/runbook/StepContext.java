package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.LiveOutput;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.RemoteCommand;
import org.bischeduler.cutover.shell.TargetShell;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a step works with: its run as the run store admitted it, its target, the shell on it, what
 * earlier steps kept (read only), and a journal of every command it ran and every fact it found,
 * kept for the audit. Nothing here reads a process variable: users can write those.
 */
public final class StepContext {

    /**
     * A value a step keeps in the run store.
     *
     * @param shown also set as a process variable, for a form to show or a gateway to read
     */
    record Output(Object value, boolean shown) {
        String text() {
            return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
        }
    }

    private final RunIdentity run;
    private final Map<String, String> kept;
    private final String targetName;
    private final TargetConfig target;
    private final TargetShell shell;
    private final OutputScrubber scrubber;
    private final LiveOutput live;
    private final String stepName;
    private final List<CommandRecord> commands = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final Map<String, Output> alwaysOutputs = new LinkedHashMap<>();
    private CommandResult lastResult;
    private boolean unchanged;

    StepContext(RunIdentity run, Map<String, String> kept, TargetConfig target, TargetShell shell, OutputScrubber scrubber,
                LiveOutput live, String stepName) {
        this.run = run;
        this.live = live;
        this.stepName = stepName;
        this.kept = Map.copyOf(kept);
        this.targetName = run.target();
        this.target = target;
        this.shell = shell;
        this.scrubber = scrubber;
    }

    public TargetConfig target() {
        return target;
    }

    public String targetName() {
        return targetName;
    }

    public TargetShell shell() {
        return shell;
    }

    public Duration commandTimeout() {
        return target.ssh().commandTimeout();
    }

    /** What an earlier step of this run kept under this name, if it did. */
    public Optional<String> kept(String name) {
        return Optional.ofNullable(kept.get(name));
    }

    /** What an earlier step kept; fails the step when that step did not complete. */
    public String required(String name) {
        String value = kept.get(name);
        if (value == null || value.isBlank()) {
            throw new StepFailedException("the run has no " + name + "; the step that keeps it did not complete");
        }
        return value;
    }

    public String runStamp() {
        return run.runStamp();
    }

    /** What the step's script is stated against: this run's target and stamp. */
    public StepScope scope() {
        return new StepScope(target, run.runStamp());
    }

    public String changeReference() {
        return run.changeReference();
    }

    /** Runs a command and records it; the caller decides whether its exit code is a failure. */
    public CommandResult run(RemoteCommand command) {
        return run(command, null);
    }

    /** Runs a command whose standard input is a named script, and records that name with it. */
    private CommandResult run(RemoteCommand command, String stdinSource) {
        return run(command, stdinSource, command.commandLine() + (stdinSource == null ? "" : "  < " + stdinSource));
    }

    /** The same, shown in the live view as {@code shown}. */
    private CommandResult run(RemoteCommand command, String stdinSource, String shown) {
        CommandResult result;
        try (LiveOutput.CommandOutput output = live.commandStarted(run.processInstanceId(), stepName, shown, scrubber::scrub)) {
            result = shell.run(command, output);
        }
        commands.add(CommandRecord.of(result, scrubber, stdinSource));
        lastResult = result;
        return result;
    }

    /** Runs a script call with the values it names read from the run store; fails the step unless it exits 0. */
    public Map<String, String> runScript(ScriptCall call) {
        return runScript(call.script(), call.resolve(this::recorded));
    }

    /** What an earlier step recorded under this name (possibly empty); fails the step when it recorded nothing. */
    private String recorded(String name) {
        return kept(name).orElseThrow(() ->
                new StepFailedException("the run has no " + name + "; the step that records it did not complete"));
    }

    /** Runs a runbook script and fails the step unless it exits 0; returns its {@code @key=value} facts. */
    public Map<String, String> runScript(String scriptName, List<String> arguments) {
        return runScript(scriptName, arguments, commandTimeout());
    }

    public Map<String, String> runScript(String scriptName, List<String> arguments, Duration timeout) {
        RemoteScript script = RemoteScript.load(scriptName);
        // the live view names each argument; the record keeps the command as it was sent
        CommandResult result = run(script.command(timeout, arguments), scriptName + ".sh", script.readable(arguments));
        require(result, scriptName);
        Map<String, String> found = RemoteScript.facts(result.stdout());
        found.forEach((key, value) -> facts.put(key, scrubber.scrub(value)));
        return found;
    }

    public void require(CommandResult result, String what) {
        if (!result.succeeded()) {
            throw new StepFailedException(what + " failed", result);
        }
    }

    public Optional<byte[]> readFile(String path) {
        long started = System.nanoTime();
        Optional<byte[]> content = shell.readFile(path);
        commands.add(CommandRecord.fileOperation("sftp read " + path
                + content.map(c -> " (" + c.length + " bytes)").orElse(" (absent)"), elapsed(started)));
        return content;
    }

    public void writeFile(String path, byte[] content, int newFileMode) {
        long started = System.nanoTime();
        shell.writeFile(path, content, newFileMode);
        commands.add(CommandRecord.fileOperation("sftp write " + path + " (" + content.length + " bytes, sha256 "
                + sha256(content) + ", written to a temporary name and renamed)", elapsed(started)));
    }

    /** Records a fact for the audit (a path, a checksum, which signal was needed). */
    public void fact(String key, String value) {
        facts.put(key, scrubber.scrub(value));
    }

    /** Keeps a value in the run store once the step has succeeded (undo data, paths, checksums). */
    public void keep(String name, Object value) {
        outputs.put(name, new Output(value, false));
    }

    /** Keeps a moment the script reported (epoch milliseconds) under {@code name}, if it reported one. */
    public void keepMoment(String name, Map<String, String> scriptFacts, String fact) {
        if (scriptFacts.containsKey(fact)) {
            keep(name, Long.parseLong(scriptFacts.get(fact)));
        }
    }

    /** Keeps a value once the step has succeeded and shows it to forms and gateways as a process variable. */
    public void show(String name, Object value) {
        outputs.put(name, new Output(value, true));
    }

    /** Keeps a value in the run store whether the step succeeds or fails (what users saw while it ran). */
    public void keepAlways(String name, Object value) {
        alwaysOutputs.put(name, new Output(value, false));
    }

    /** Keeps and shows a value whether the step succeeds or fails (a verification report). */
    public void showAlways(String name, Object value) {
        alwaysOutputs.put(name, new Output(value, true));
    }

    /**
     * Keeps a check's findings (scrubbed) in the run store under {@code keptAs} and shows them as
     * lines under {@code shownAs}, whether the step succeeds or fails.
     */
    public void findings(String keptAs, String shownAs, List<Finding> findings) {
        List<Finding> scrubbed = findings.stream()
                .map(f -> new Finding(f.name(), f.ok(), scrubber.scrub(f.expected()), scrubber.scrub(f.found()))).toList();
        alwaysOutputs.put(keptAs, new Output(Finding.toJson(scrubbed), false));
        alwaysOutputs.put(shownAs, new Output(Finding.report(scrubbed), true));
    }

    /** The script reported {@code @state=unchanged}: the goal was already met. */
    public void markUnchangedIf(Map<String, String> scriptFacts) {
        if ("unchanged".equals(scriptFacts.get("state"))) {
            unchanged = true;
        }
    }

    /** The goal was already met: the step changed nothing. */
    public void markUnchanged() {
        unchanged = true;
    }

    public String scrub(String text) {
        return scrubber.scrub(text);
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    List<CommandRecord> commands() {
        return List.copyOf(commands);
    }

    Map<String, String> facts() {
        return Map.copyOf(facts);
    }

    Map<String, Output> outputs() {
        return outputs;
    }

    Map<String, Output> alwaysOutputs() {
        return alwaysOutputs;
    }

    CommandResult lastResult() {
        return lastResult;
    }

    boolean unchanged() {
        return unchanged;
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
