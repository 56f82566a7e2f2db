package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.SecretReference;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The last line of defence: replaces every configured secret (each target's database password
 * and key passphrase), raw and JSON-escaped, in whatever the audit is about to send.
 */
@Component
class AuditScrubber {

    private final CutoverProperties properties;

    AuditScrubber(CutoverProperties properties) {
        this.properties = properties;
    }

    String scrub(String text) {
        String result = text;
        for (String secret : secrets()) {
            result = result.replace(secret, "****");
            String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"");
            result = result.replace(escaped, "****");
        }
        return result;
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        properties.targets().forEach((name, target) -> {
            add(secrets, "cutover.targets." + name + ".database.password", target.database().password());
            add(secrets, "cutover.targets." + name + ".ssh.passphrase", target.ssh().passphrase());
        });
        return secrets;
    }

    private static void add(List<String> secrets, String property, String reference) {
        try {
            var secret = SecretReference.resolve(property, reference);
            if (secret.isPresent() && secret.reveal().length() >= 3) {
                secrets.add(secret.reveal());
            }
        } catch (IllegalStateException unreadable) {
            // a secret the app cannot read cannot have reached a record either
        }
    }
}
