package org.bischeduler.cutover.nginx;

/**
 * Where a {@code location} block sits in a site file: from the start of its first line to just
 * after its closing brace's line, so replacing that range leaves every other byte untouched.
 */
public record LocationBlock(int start, int end, String indent) {

    /**
     * Finds the block {@code location [modifier] <prefix> { ... }} in the text, skipping comments
     * and quoted strings when matching braces; throws when it is absent or ambiguous.
     */
    public static LocationBlock find(String text, String prefix) {
        LocationBlock found = null;
        int index = 0;
        while (true) {
            int at = indexOfLocation(text, prefix, index);
            if (at < 0) {
                break;
            }
            if (found != null) {
                throw new NginxConfigException("location " + prefix + " appears more than once; refusing to guess which to replace");
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
            found = new LocationBlock(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1, indent);
            index = close;
        }
        if (found == null) {
            throw new NginxConfigException("no 'location " + prefix + "' block found");
        }
        return found;
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
