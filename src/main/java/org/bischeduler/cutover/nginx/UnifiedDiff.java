package org.bischeduler.cutover.nginx;

import java.util.List;

/** A unified diff of two texts that differ in one region, as {@code diff -u} would print it. */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    public static String of(String oldName, String oldText, String newName, String newText) {
        List<String> a = oldText.lines().toList();
        List<String> b = newText.lines().toList();
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        if (prefix == a.size() && prefix == b.size()) {
            return "";
        }
        int from = Math.max(0, prefix - CONTEXT);
        int aTo = Math.min(a.size(), a.size() - suffix + CONTEXT);
        int bTo = Math.min(b.size(), b.size() - suffix + CONTEXT);
        StringBuilder out = new StringBuilder()
                .append("--- ").append(oldName).append('\n')
                .append("+++ ").append(newName).append('\n')
                .append("@@ -").append(from + 1).append(',').append(aTo - from)
                .append(" +").append(from + 1).append(',').append(bTo - from).append(" @@\n");
        for (int i = from; i < prefix; i++) {
            out.append(' ').append(a.get(i)).append('\n');
        }
        for (int i = prefix; i < a.size() - suffix; i++) {
            out.append('-').append(a.get(i)).append('\n');
        }
        for (int i = prefix; i < b.size() - suffix; i++) {
            out.append('+').append(b.get(i)).append('\n');
        }
        for (int i = a.size() - suffix; i < aTo; i++) {
            out.append(' ').append(a.get(i)).append('\n');
        }
        return out.toString();
    }
}
