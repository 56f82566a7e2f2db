package org.bischeduler.cutover.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A user task as it was completed: by whom (as authenticated), in which groups, with which form values. */
public record Decision(String taskId, String taskKey, String userId, List<String> groups, Instant decidedAt,
                       Map<String, String> fields) {
}
