package org.bischeduler.cutover.runbook;

import java.util.List;

/** Replaces every configured secret in a text with stars before the text is recorded anywhere. */
public final class OutputScrubber {

    private final List<String> secrets;

    public OutputScrubber(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 3).toList();
    }

    public String scrub(String text) {
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, "****");
        }
        return result;
    }
}
