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
 * The real shells of the targets, with one fault: a chosen runbook script runs on the host and
 * then reports a failure, once. A step that did its work and failed anyway is the hardest case
 * for a rollback: the engine never completed it, so only its own undo, run for the failed step,
 * puts the host back.
 */
class FailAfterScript extends TargetShells {

    private static final Map<String, String> ONCE = new ConcurrentHashMap<>();

    FailAfterScript(CutoverProperties properties) {
        super(properties);
    }

    /** The next run of this script on this target does its work, then exits 1. */
    static void once(String target, String script) {
        ONCE.put(target, script);
    }

    @Override
    public TargetShell forTarget(String name) {
        TargetShell real = super.forTarget(name);
        return new TargetShell() {
            @Override
            public CommandResult run(RemoteCommand command) {
                CommandResult result = real.run(command);
                String script = ONCE.get(name);
                if (script != null && isScript(command, script) && ONCE.remove(name, script)) {
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
