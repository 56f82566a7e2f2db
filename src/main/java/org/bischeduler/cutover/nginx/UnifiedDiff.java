package org.bischeduler.cutover.nginx;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import java.util.List;

/**
 * A unified diff as {@code diff -u} prints it, three lines of context: one hunk per changed stretch,
 * so two changed server blocks read as two changes, not as everything between them removed and
 * added again.
 */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    public static String of(String oldName, String oldText, String newName, String newText) {
        List<String> a = oldText.lines().toList();
        List<String> b = newText.lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(oldName, newName, a, patch, CONTEXT)) + "\n";
    }
}
