package org.bischeduler.cutover.values;

import java.util.regex.Pattern;

/**
 * Strict patterns for every kind of value that reaches a command. Quoting already stops the
 * shell from interpreting a value; these checks also stop a value from meaning something else
 * to the program (an option, a path outside its folder, a second line in a config file).
 */
public final class SafeValues {

    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._@+/-]*");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}");
    private static final Pattern PREFIX = Pattern.compile("/([A-Za-z0-9._-]+/)*");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\\[[0-9A-Fa-f:]+\\]");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private SafeValues() {
    }

    /** An absolute path without {@code ..}, spaces or shell metacharacters. */
    public static String path(String parameter, String value) {
        requirePresent(parameter, value);
        refuseControlAndDash(parameter, value);
        if (!PATH.matcher(value).matches()) {
            throw new InvalidParameterException(parameter, "must be an absolute path of letters, digits and ._@+-/ only, got " + shown(value));
        }
        for (String part : value.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new InvalidParameterException(parameter, "must not contain '.' or '..' segments, got " + shown(value));
            }
        }
        return value;
    }

    public static String unitName(String parameter, String value) {
        return matching(parameter, value, UNIT, "a unit name (letters, digits, _.@-)");
    }

    /** A URL location prefix such as {@code /scheduler/}: starts and ends with a slash. */
    public static String locationPrefix(String parameter, String value) {
        return matching(parameter, value, PREFIX, "a location prefix like /scheduler/");
    }

    public static String databaseName(String parameter, String value) {
        return matching(parameter, value, DATABASE, "a database name (letters, digits, _)");
    }

    public static String hostName(String parameter, String value) {
        return matching(parameter, value, HOST, "a host name or address");
    }

    public static String userName(String parameter, String value) {
        return matching(parameter, value, USER, "a login name (lowercase letters, digits, _-)");
    }

    /** A plain word: a change reference, a target name, a file name. */
    public static String name(String parameter, String value) {
        return matching(parameter, value, NAME, "a name of letters, digits and _.-");
    }

    public static int port(String parameter, int value) {
        if (value < 1 || value > 65535) {
            throw new InvalidParameterException(parameter, "must be a TCP port between 1 and 65535, got " + value);
        }
        return value;
    }

    private static String matching(String parameter, String value, Pattern pattern, String what) {
        requirePresent(parameter, value);
        refuseControlAndDash(parameter, value);
        if (!pattern.matcher(value).matches() || value.contains("..")) {
            throw new InvalidParameterException(parameter, "must be " + what + ", got " + shown(value));
        }
        return value;
    }

    private static void requirePresent(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidParameterException(parameter, "is required");
        }
    }

    private static void refuseControlAndDash(String parameter, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidParameterException(parameter, "must not contain a newline or control character");
        }
        if (value.startsWith("-")) {
            throw new InvalidParameterException(parameter, "must not start with '-' (it would be read as an option), got " + shown(value));
        }
    }

    private static String shown(String value) {
        String cut = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return "'" + cut + "'";
    }
}
