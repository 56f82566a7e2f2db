package org.bischeduler.cutover.shell;

/**
 * A failure to reach or use the target that an operator can act on. The message names the host
 * and, where there is one, the command; it never carries a password, key or passphrase.
 */
public class TargetException extends RuntimeException {

    /** The distinct ways talking to a target fails, each with its own advice. */
    public enum Kind {
        UNKNOWN_HOST_KEY(false, "the host key is not in the pinned known_hosts file; verify its fingerprint and add it"),
        CHANGED_HOST_KEY(false, "the host key differs from the pinned one: possible man-in-the-middle; do not proceed until the key change is explained"),
        AUTHENTICATION_REFUSED(false, "the SSH key was refused; check the user, key file and authorized_keys"),
        UNREACHABLE(true, "no SSH connection could be opened; check the host, port and network"),
        CONNECTION_DROPPED(true, "the SSH connection was lost; the command's outcome on the host is unknown"),
        SUDO_REFUSED(false, "sudo -n refused; give the login user a password-less sudo right for this command"),
        RUNNER_REFUSED(false, "the target's cutover runner refused (narrow access): prepare the target again with"
                + " scripts/prepare-target.sh so its steps and paths match this version and configuration"),
        FILE_TRANSFER(true, "a file transfer failed");

        private final boolean transientFault;
        private final String advice;

        Kind(boolean transientFault, String advice) {
            this.transientFault = transientFault;
            this.advice = advice;
        }

        /** A fault worth retrying automatically (network), as opposed to one a human must fix. */
        public boolean transientFault() {
            return transientFault;
        }

        public String advice() {
            return advice;
        }
    }

    private final Kind kind;

    public TargetException(Kind kind, String target, String detail, Throwable cause) {
        super(message(kind, target, detail), cause);
        this.kind = kind;
    }

    public TargetException(Kind kind, String target, String detail) {
        this(kind, target, detail, null);
    }

    public Kind kind() {
        return kind;
    }

    private static String message(Kind kind, String target, String detail) {
        return kind.name().toLowerCase().replace('_', ' ') + " on " + target
                + (detail == null || detail.isBlank() ? "" : ": " + detail) + " (" + kind.advice() + ")";
    }
}
