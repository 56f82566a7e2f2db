package org.bischeduler.cutover.config;

import org.bischeduler.cutover.values.Secret;

import java.util.ArrayList;
import java.util.List;

/** The secrets configured for a target (database password, key passphrase), for scrubbing text of them. */
public final class TargetSecrets {

    private TargetSecrets() {
    }

    /** Their values; a secret that cannot be read cannot have reached any output either, so it is left out. */
    public static List<String> values(String name, TargetConfig target) {
        List<String> values = new ArrayList<>();
        String base = "cutover.targets." + name;
        add(values, base + ".database.password", target.database().password());
        add(values, base + ".ssh.passphrase", target.ssh().passphrase());
        return values;
    }

    private static void add(List<String> values, String property, String reference) {
        try {
            Secret secret = SecretReference.resolve(property, reference);
            if (secret.isPresent()) {
                values.add(secret.reveal());
            }
        } catch (IllegalStateException unreadable) {
            // not readable here: nothing to scrub
        }
    }
}
