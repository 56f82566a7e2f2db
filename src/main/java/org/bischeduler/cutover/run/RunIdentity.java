package org.bischeduler.cutover.run;

import java.time.Instant;

/**
 * A run as its start event admitted it: the target and change it acts for, fixed for its whole
 * life. Steps read these from the run store, never from process variables.
 */
public record RunIdentity(String processInstanceId, String target, String changeReference, String windowStart,
                          String runStamp, String startedBy, Instant startedAt) {
}
