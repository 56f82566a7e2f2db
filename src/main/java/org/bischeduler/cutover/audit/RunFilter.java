package org.bischeduler.cutover.audit;

import java.time.Instant;

/** Which runs to list; every part may be null (no filter). */
public record RunFilter(String target, String outcome, Instant from, Instant to) {

    public static RunFilter all() {
        return new RunFilter(null, null, null, null);
    }
}
