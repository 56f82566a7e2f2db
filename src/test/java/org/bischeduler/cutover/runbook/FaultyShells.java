package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.PortForward;
import org.bischeduler.cutover.shell.RemoteCommand;
import org.bischeduler.cutover.shell.TargetShell;
import org.bischeduler.cutover.shell.TargetShells;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real shells of the targets, with faults a test picks, each once per target. A chosen runbook
 * script runs on the host and then reports a failure: a step that did its work and failed anyway
 * is the hardest case for a rollback (the engine never completed it, so only its own undo, run for
 * the failed step, puts the host back). Or something happens on the host just before a chosen script
 * starts: an SSH outage, say.
 */
class FaultyShells extends TargetShells {

    private static final Map<String, String> FAIL_AFTER = new ConcurrentHashMap<>();
    private static final Map<String, Before> BEFORE = new ConcurrentHashMap<>();

    private record Before(String script, Runnable action) {
    }

    FaultyShells(CutoverProperties properties) {
        super(properties);
    }

    /** The next run of this script on this target does its work, then exits 1. */
    static void failAfter(String target, String script) {
        FAIL_AFTER.put(target, script);
    }

    /** Just before the next run of this script on this target, the action happens (and the script then runs). */
    static void before(String target, String script, Runnable action) {
        BEFORE.put(target, new Before(script, action));
    }

    @Override
    public TargetShell forTarget(String name) {
        TargetShell real = super.forTarget(name);
        return new TargetShell() {
            @Override
            public CommandResult run(RemoteCommand command) {
                Before before = BEFORE.get(name);
                if (before != null && isScript(command, before.script()) && BEFORE.remove(name, before)) {
                    before.action().run();
                }
                CommandResult result = real.run(command);
                String script = FAIL_AFTER.get(name);
                if (script != null && isScript(command, script) && FAIL_AFTER.remove(name, script)) {
                    return new CommandResult(result.commandLine(), 1, result.stdout(),
                            result.stderr() + "simulated failure after " + script + ".sh did its work\n",
                            result.duration(), false, false);
                }
                return result;
            }

            @Override
            public Optional<byte[]> readFile(String path) {
                return real.readFile(path);
            }

            @Override
            public void writeFile(String path, byte[] content, int newFileMode) {
                real.writeFile(path, content, newFileMode);
            }

            @Override
            public PortForward forward(String remoteHost, int remotePort) {
                return real.forward(remoteHost, remotePort);
            }

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public void close() {
                // the real shell is the cache's to close
            }
        };
    }

    private static boolean isScript(RemoteCommand command, String script) {
        return command.stdin() != null && new String(command.stdin(), StandardCharsets.UTF_8).contains("# ---- " + script + ".sh");
    }
}
