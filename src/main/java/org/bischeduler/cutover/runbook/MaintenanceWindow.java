package org.bischeduler.cutover.runbook;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;

/** Whether the maintenance window has already opened: then the run goes on without a timer job. */
@Component("maintenanceWindow")
public class MaintenanceWindow {

    public boolean isOpen(String start) {
        return !OffsetDateTime.parse(start).toInstant().isAfter(ClockUtil.getCurrentTime().toInstant());
    }
}
