package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetSecrets;
import org.bischeduler.cutover.values.SecretForms;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The last line of defence: replaces every configured secret (each target's database password
 * and key passphrase), in every form it could take ({@link SecretForms}: raw, JSON-, HTML- and
 * URL-escaped, inside base64), in whatever the audit is about to send.
 */
@Component
public class AuditScrubber {

    private final CutoverProperties properties;

    AuditScrubber(CutoverProperties properties) {
        this.properties = properties;
    }

    public String scrub(String text) {
        return SecretForms.scrub(text, secrets());
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        properties.targets().forEach((name, target) -> TargetSecrets.values(name, target).stream()
                .filter(secret -> secret.length() >= 3).forEach(secrets::add));
        return secrets;
    }
}
