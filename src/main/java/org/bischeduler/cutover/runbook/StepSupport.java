package org.bischeduler.cutover.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.config.TargetSecrets;
import org.bischeduler.cutover.run.CutoverMetrics;
import org.bischeduler.cutover.run.LiveOutput;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.shell.TargetShells;
import org.springframework.stereotype.Component;

/** What every step needs besides its own logic: configuration, shells, the run store, the live output, metrics, JSON, and the secrets to scrub. */
@Component
public record StepSupport(CutoverProperties properties, TargetShells shells, ObjectMapper json, RunStore runs, LiveOutput live,
                          CutoverMetrics metrics) {

    /** A scrubber that knows every secret configured for the target. */
    public OutputScrubber scrubberFor(String targetName, TargetConfig target) {
        return new OutputScrubber(TargetSecrets.values(targetName, target));
    }
}
