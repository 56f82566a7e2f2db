package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.values.SecretForms;

import java.util.List;

/** Replaces every configured secret, in every form it could take ({@link SecretForms}), with stars before a text is recorded anywhere. */
public final class OutputScrubber {

    private final List<String> secrets;

    public OutputScrubber(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 3).toList();
    }

    public String scrub(String text) {
        return SecretForms.scrub(text, secrets);
    }
}
