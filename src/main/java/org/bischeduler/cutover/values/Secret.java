package org.bischeduler.cutover.values;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A password or passphrase: prints as stars, so it cannot leak through a log or a record. */
public final class Secret {

    private static final Secret NONE = new Secret(new byte[0]);

    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    public static Secret none() {
        return NONE;
    }

    public boolean isPresent() {
        return value.length > 0;
    }

    public byte[] bytes() {
        return value.clone();
    }

    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return isPresent() ? "****" : "(none)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
