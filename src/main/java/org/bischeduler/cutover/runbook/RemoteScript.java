package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.shell.RemoteCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shell script of the runbook, shipped in the jar and fed to {@code bash -s} on its standard
 * input; its arguments are passed as quoted positional parameters, never spliced into the text.
 * A script reports what it found as {@code @key=value} lines on stdout.
 */
public record RemoteScript(String name, String text) {

    private static final String RESOURCE_FOLDER = "/runbook/scripts/";

    public static RemoteScript load(String name) {
        return new RemoteScript(name, commonHelpers() + "\n# ---- " + name + ".sh\n" + resource(name + ".sh"));
    }

    /** The helpers every script starts with (common.sh). */
    public static String commonHelpers() {
        return resource("common.sh");
    }

    public RemoteCommand command(Duration timeout, List<String> arguments) {
        List<String> argv = new ArrayList<>(List.of("bash", "-s", "--"));
        argv.addAll(arguments);
        return new RemoteCommand(argv, null, timeout, true).withStdin(text);
    }

    /** The command as shown in a plan: the script's name, then its quoted arguments. */
    public String describe(List<String> arguments) {
        return "bash -s -- " + org.bischeduler.cutover.shell.ShellQuoting.join(arguments) + "  < " + name + ".sh";
    }

    /** The {@code @key=value} lines of a script's output, in order. */
    public static Map<String, String> facts(String stdout) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("@") && line.indexOf('=') > 1) {
                int equals = line.indexOf('=');
                facts.put(line.substring(1, equals), line.substring(equals + 1));
            }
        }
        return facts;
    }

    private static String resource(String file) {
        try (InputStream in = RemoteScript.class.getResourceAsStream(RESOURCE_FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("runbook script " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
