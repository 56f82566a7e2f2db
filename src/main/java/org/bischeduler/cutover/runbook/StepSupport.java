package org.bischeduler.cutover.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.config.TargetSecrets;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.shell.TargetShells;
import org.springframework.stereotype.Component;

/** What every step needs besides its own logic: configuration, shells, the run store, JSON, and the secrets to scrub. */
@Component
public class StepSupport {

    private final CutoverProperties properties;
    private final TargetShells shells;
    private final ObjectMapper json;
    private final RunStore runs;

    public StepSupport(CutoverProperties properties, TargetShells shells, ObjectMapper json, RunStore runs) {
        this.properties = properties;
        this.shells = shells;
        this.json = json;
        this.runs = runs;
    }

    public RunStore runs() {
        return runs;
    }

    public CutoverProperties properties() {
        return properties;
    }

    public TargetShells shells() {
        return shells;
    }

    public ObjectMapper json() {
        return json;
    }

    /** A scrubber that knows every secret configured for the target. */
    public OutputScrubber scrubberFor(String targetName, TargetConfig target) {
        return new OutputScrubber(TargetSecrets.values(targetName, target));
    }
}
