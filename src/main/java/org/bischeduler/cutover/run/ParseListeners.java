package org.bischeduler.cutover.run;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import java.util.ArrayList;
import java.util.List;

/** Adds a BPMN parse listener after those already configured: each engine plugin keeps the others'. */
public final class ParseListeners {

    private ParseListeners() {
    }

    public static void addPost(ProcessEngineConfigurationImpl configuration, BpmnParseListener listener) {
        List<BpmnParseListener> listeners = new ArrayList<>();
        if (configuration.getCustomPostBPMNParseListeners() != null) {
            listeners.addAll(configuration.getCustomPostBPMNParseListeners());
        }
        listeners.add(listener);
        configuration.setCustomPostBPMNParseListeners(listeners);
    }
}
