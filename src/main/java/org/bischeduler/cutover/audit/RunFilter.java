package org.bischeduler.cutover.audit;

import java.time.Instant;

/**
 * Which runs to list; every part may be null (no filter).
 *
 * @param change part of the change reference
 */
public record RunFilter(String target, String outcome, Instant from, Instant to, String change) {

    public static RunFilter all() {
        return new RunFilter(null, null, null, null, null);
    }
}
