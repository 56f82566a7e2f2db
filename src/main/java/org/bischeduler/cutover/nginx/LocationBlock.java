package org.bischeduler.cutover.nginx;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@code location} block sits in a site file: from the start of its first line to just
 * after its closing brace's line, so replacing that range leaves every other byte untouched.
 */
public record LocationBlock(int start, int end, String indent) {

    /**
     * Finds every block {@code location [modifier] <prefix> { ... }} in the text, in order, skipping
     * comments and quoted strings when matching braces: one per server block that serves the
     * prefix (an HTTP and a TLS server, as certbot leaves a site). Throws when there is none, or
     * when two are in the same server block (nginx itself refuses that).
     */
    public static List<LocationBlock> findAll(String text, String prefix) {
        List<LocationBlock> found = new ArrayList<>();
        int index = 0;
        while (true) {
            int at = indexOfLocation(text, prefix, index);
            if (at < 0) {
                break;
            }
            int lineStart = text.lastIndexOf('\n', at) + 1;
            String indent = text.substring(lineStart, at);
            if (!indent.isBlank()) {
                index = at + 1;
                continue;
            }
            int open = text.indexOf('{', at);
            int close = matchingBrace(text, open);
            int lineEnd = text.indexOf('\n', close);
            LocationBlock block = new LocationBlock(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1, indent);
            if (!found.isEmpty() && sameServer(text, found.get(found.size() - 1), block)) {
                throw new NginxConfigException("location " + prefix + " appears twice in one server block; refusing to guess which to replace");
            }
            found.add(block);
            index = close;
        }
        if (found.isEmpty()) {
            throw new NginxConfigException("no 'location " + prefix + "' block found");
        }
        return List.copyOf(found);
    }

    /** The only block for the prefix; throws when there is none or more than one. */
    public static LocationBlock find(String text, String prefix) {
        List<LocationBlock> all = findAll(text, prefix);
        if (all.size() > 1) {
            throw new NginxConfigException("location " + prefix + " appears more than once; refusing to guess which to replace");
        }
        return all.get(0);
    }

    /** Whether no server block closes between the two blocks: the braces between them balance. */
    private static boolean sameServer(String text, LocationBlock first, LocationBlock second) {
        int depth = 0;
        for (int i = first.end(); i < second.start(); i++) {
            char c = text.charAt(i);
            if (c == '#') {
                int lineEnd = text.indexOf('\n', i);
                i = lineEnd < 0 ? text.length() : lineEnd;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    public static boolean contains(String text, String prefix) {
        return indexOfLocation(text, prefix, 0) >= 0;
    }

    private static int indexOfLocation(String text, String prefix, int from) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern
                .compile("(?m)^[ \\t]*(location\\s+(?:\\^~\\s+|=\\s+)?" + java.util.regex.Pattern.quote(prefix) + "\\s*\\{)")
                .matcher(text);
        return matcher.find(from) ? matcher.start(1) : -1;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '#') {
                int lineEnd = text.indexOf('\n', i);
                i = lineEnd < 0 ? text.length() : lineEnd;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new NginxConfigException("unbalanced braces after 'location' at offset " + open);
    }
}
