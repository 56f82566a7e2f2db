package org.bischeduler.cutover.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A script's {@code @key=value} line as a person reads it in the live view: a check ticked or
 * crossed with what it looked for and found, a moment as a clock time, a duration with its unit,
 * any other fact as words. Lines that are not facts pass unchanged.
 */
final class ReadableFact {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReadableFact() {
    }

    static String of(String line) {
        int equals = line.indexOf('=');
        if (!line.startsWith("@") || equals < 2) {
            return line;
        }
        String key = line.substring(1, equals);
        String value = line.substring(equals + 1);
        if (key.startsWith("check.")) {
            String[] parts = value.split("\\|", 3);
            if (parts.length == 3) {
                return ("ok".equals(parts[0]) ? "✓ " : "✗ ") + key.substring("check.".length()) + ": " + parts[2]
                        + " (expected " + parts[1] + ")";
            }
        }
        if (key.endsWith("At") && value.matches("\\d{12,14}")) {
            return words(key) + ": " + CLOCK.format(Instant.ofEpochMilli(Long.parseLong(value)));
        }
        if (key.endsWith("Ms") && value.matches("\\d+")) {
            return words(key.substring(0, key.length() - 2)) + ": " + value + " ms";
        }
        return words(key) + ": " + (value.isEmpty() ? "(none)" : value);
    }

    /** {@code old.restoredAt} as "old restored at". */
    static String words(String key) {
        return key.replace('.', ' ').replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
