package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.target.CommandResult;
import org.bischeduler.cutover.target.RemoteCommand;
import org.bischeduler.cutover.target.TargetShell;
import org.camunda.bpm.engine.delegate.DelegateExecution;

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
 * What a step works with: its target, the shell on it, the run's variables (read only), and a
 * journal of every command it ran and every fact it found, kept for the audit.
 */
public final class StepContext {

    private final DelegateExecution execution;
    private final String targetName;
    private final TargetConfig target;
    private final TargetShell shell;
    private final OutputScrubber scrubber;
    private final List<CommandRecord> commands = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, Object> outputs = new LinkedHashMap<>();
    private final Map<String, Object> alwaysOutputs = new LinkedHashMap<>();
    private CommandResult lastResult;
    private boolean unchanged;

    StepContext(DelegateExecution execution, String targetName, TargetConfig target, TargetShell shell,
                OutputScrubber scrubber) {
        this.execution = execution;
        this.targetName = targetName;
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

    public String variable(String name) {
        Object value = execution.getVariable(name);
        return value == null ? null : value.toString();
    }

    public String requiredVariable(String name) {
        String value = variable(name);
        if (value == null || value.isBlank()) {
            throw new StepFailedException("process variable " + name + " is missing; the step that sets it did not complete");
        }
        return value;
    }

    public String runStamp() {
        return requiredVariable(ProcessVariables.RUN_STAMP);
    }

    /** Runs a command and records it; the caller decides whether its exit code is a failure. */
    public CommandResult run(RemoteCommand command) {
        return run(command, null);
    }

    /** Runs a command whose standard input is a named script, and records that name with it. */
    private CommandResult run(RemoteCommand command, String stdinSource) {
        CommandResult result = shell.run(command);
        commands.add(CommandRecord.of(result, scrubber, stdinSource));
        lastResult = result;
        return result;
    }

    /** Runs a runbook script and fails the step unless it exits 0; returns its {@code @key=value} facts. */
    public Map<String, String> runScript(String scriptName, List<String> arguments) {
        return runScript(scriptName, arguments, commandTimeout());
    }

    public Map<String, String> runScript(String scriptName, List<String> arguments, Duration timeout) {
        CommandResult result = run(RemoteScript.load(scriptName).command(timeout, arguments), scriptName + ".sh");
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

    /** Sets a process variable once the step has succeeded. */
    public void output(String variable, Object value) {
        outputs.put(variable, value);
    }

    /** Sets a process variable whether the step succeeds or fails (a verification report). */
    public void outputAlways(String variable, Object value) {
        alwaysOutputs.put(variable, value);
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

    Map<String, Object> outputs() {
        return outputs;
    }

    Map<String, Object> alwaysOutputs() {
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
