package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.config.CutoverProperties;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Makes the node's job lock owner a stable name instead of the engine's random one, so that the
 * node, started again after a crash, knows which locks its previous life held and gives them back
 * before its job executor starts: the interrupted step resumes at once, not when its lock expires.
 */
@Component
class NodeRecoveryPlugin extends AbstractProcessEnginePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRecoveryPlugin.class);

    private final CutoverProperties.Recovery recovery;
    private final Environment environment;
    private final NodeLocks locks;
    private volatile String nodeName;

    NodeRecoveryPlugin(CutoverProperties properties, Environment environment, NodeLocks locks) {
        this.recovery = properties.recovery();
        this.environment = environment;
        this.locks = locks;
    }

    /** The name this node locks jobs under. */
    String nodeName() {
        if (nodeName == null) {
            throw new IllegalStateException("the engine has not been configured yet");
        }
        return nodeName;
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        nodeName = recovery.nodeName().isBlank()
                ? configuration.getHostname() + ":" + environment.getProperty("server.port", "8080")
                : recovery.nodeName();
        configuration.getJobExecutor().setLockOwner(nodeName);
    }

    /** The job executor starts after the engine is built (on the process application's start): nothing of this life is locked yet. */
    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        int released = locks.releaseJobsOf(nodeName);
        locks.heartbeat(nodeName);
        if (released > 0) {
            LOG.warn("node {} started again: gave back {} job(s) its previous run had locked; they resume now", nodeName, released);
        }
    }
}
