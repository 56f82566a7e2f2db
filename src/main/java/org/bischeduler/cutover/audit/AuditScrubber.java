package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetSecrets;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The last line of defence: replaces every configured secret (each target's database password
 * and key passphrase), raw, JSON-escaped and HTML-escaped, in whatever the audit is about to send.
 */
@Component
public class AuditScrubber {

    private final CutoverProperties properties;

    AuditScrubber(CutoverProperties properties) {
        this.properties = properties;
    }

    public String scrub(String text) {
        String result = text;
        for (String secret : secrets()) {
            result = result.replace(secret, "****");
            String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"");
            result = result.replace(escaped, "****");
            result = result.replace(org.springframework.web.util.HtmlUtils.htmlEscape(secret), "****");
        }
        return result;
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        properties.targets().forEach((name, target) -> TargetSecrets.values(name, target).stream()
                .filter(secret -> secret.length() >= 3).forEach(secrets::add));
        return secrets;
    }
}
