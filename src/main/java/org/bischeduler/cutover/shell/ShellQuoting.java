package org.bischeduler.cutover.shell;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Bourne-shell single quoting: inside single quotes nothing is special but the quote itself. */
public final class ShellQuoting {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:@%+,-]+");

    private ShellQuoting() {
    }

    public static String quote(String argument) {
        if (!argument.isEmpty() && PLAIN.matcher(argument).matches() && !argument.startsWith("-")) {
            return argument;
        }
        return "'" + argument.replace("'", "'\"'\"'") + "'";
    }

    public static String join(List<String> argv) {
        return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }
}
