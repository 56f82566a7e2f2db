package org.bischeduler.cutover.config;

import org.bischeduler.cutover.values.Secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Resolves a secret named in configuration: {@code env:NAME} reads an environment variable,
 * {@code file:/path} reads a file that only the app's user may read. The value itself is never
 * put in configuration, a process variable or a log line.
 */
public final class SecretReference {

    private SecretReference() {
    }

    public static Secret resolve(String property, String reference) {
        if (reference == null || reference.isBlank()) {
            return Secret.none();
        }
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String value = System.getenv(name);
            if (value == null) {
                throw new IllegalStateException(property + ": environment variable " + name + " is not set");
            }
            return Secret.of(value);
        }
        if (reference.startsWith("file:")) {
            Path file = Path.of(reference.substring(5));
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)) {
                    throw new IllegalStateException(property + ": " + file + " is readable by other users; chmod 600 it");
                }
                return Secret.of(Files.readString(file).strip());
            } catch (IOException e) {
                throw new IllegalStateException(property + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new IllegalStateException(property + ": must be env:NAME or file:/path, never the secret itself");
    }
}
