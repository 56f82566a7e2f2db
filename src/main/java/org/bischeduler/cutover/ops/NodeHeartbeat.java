package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.config.CutoverProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Says every {@code cutover.recovery.heartbeat} that this node is alive, and gives back the job
 * locks of any node not heard from for {@code cutover.recovery.dead-after}, so a run whose node died
 * goes on on another node within about a minute.
 */
@Component
class NodeHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final NodeRecoveryPlugin node;
    private final NodeLocks locks;
    private final CutoverProperties.Recovery recovery;

    NodeHeartbeat(NodeRecoveryPlugin node, NodeLocks locks, CutoverProperties properties) {
        this.node = node;
        this.locks = locks;
        this.recovery = properties.recovery();
    }

    // the first beat soon after start-up: a node that took over from a dead one should notice it early
    @Scheduled(fixedDelayString = "${cutover.recovery.heartbeat:PT10S}", initialDelayString = "PT1S")
    void beat() {
        String self = node.nodeName();
        locks.heartbeat(self);
        for (String dead : locks.deadNodes(self, recovery.deadAfter())) {
            int released = locks.releaseJobsOf(dead);
            locks.forget(dead);
            LOG.warn("node {} has not been heard from for over {}: gave back the {} job(s) it had locked", dead,
                    recovery.deadAfter(), released);
        }
    }
}
