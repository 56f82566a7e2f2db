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
        return new RemoteCommand(argv, null, timeout, true, name).withStdin(text);
    }

    /** The command as shown in a plan: the script's name, then its quoted arguments. */
    public String describe(List<String> arguments) {
        return "bash -s -- " + org.bischeduler.cutover.shell.ShellQuoting.join(arguments) + "  < " + name + ".sh";
    }

    /**
     * The call as a person reads it: the script's name and each argument under the name the
     * script gives it (its opening {@code port=$1 unit=$2 ...} lines), the rest after "then:", e.g.
     * {@code stop-old-service.sh port=5005 unit='' grace=10}.
     */
    public String readable(List<String> arguments) {
        List<String> names = parameterNames();
        StringBuilder text = new StringBuilder(name).append(".sh");
        for (int i = 0; i < arguments.size(); i++) {
            String value = arguments.get(i).isEmpty() ? "''" : org.bischeduler.cutover.shell.ShellQuoting.quote(arguments.get(i));
            // the rest of a script that shifts its named arguments away and reads "$@" (verify's endpoints)
            text.append(i < names.size() ? " " + names.get(i) + "=" : i == names.size() ? " then: " : " ").append(value);
        }
        return text.toString();
    }

    /** The names the script's opening assignment lines give its positional parameters, in order. */
    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        // the script's own lines, after the shared helpers and the line that names it
        String own = text.substring(text.indexOf('\n', text.indexOf("# ---- " + name + ".sh")) + 1);
        for (String line : own.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (!trimmed.matches("(\\w+=\\$\\{?\\d+}?\\s*)+")) {
                break;
            }
            for (String assignment : trimmed.split("\\s+")) {
                int position = Integer.parseInt(assignment.replaceAll(".*\\$\\{?(\\d+)}?", "$1"));
                while (names.size() < position) {
                    names.add("$" + (names.size() + 1));
                }
                names.set(position - 1, assignment.substring(0, assignment.indexOf('=')));
            }
        }
        return names;
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
