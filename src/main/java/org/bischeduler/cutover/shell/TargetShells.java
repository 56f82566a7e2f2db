package org.bischeduler.cutover.shell;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.SecretReference;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.values.Secret;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shell per configured target, opened on first use and kept: every step of a run reuses the
 * same SSH connection, which the shell opens again by itself after a drop.
 */
@Component
public class TargetShells implements DisposableBean {

    private final CutoverProperties properties;
    private final Map<String, TargetShell> open = new ConcurrentHashMap<>();

    public TargetShells(CutoverProperties properties) {
        this.properties = properties;
    }

    public TargetShell forTarget(String name) {
        TargetConfig target = properties.target(name);
        return open.computeIfAbsent(name, key -> open(key, target));
    }

    /** Opens the shell for a target; the passphrase is read here and handed to the shell alone. */
    protected TargetShell open(String name, TargetConfig target) {
        TargetConfig.Ssh ssh = target.ssh();
        if (ssh.local()) {
            return new LocalTargetShell(ssh.outputCap());
        }
        SshEndpoint endpoint = new SshEndpoint(ssh.host(), ssh.port(), ssh.user(), Path.of(ssh.keyFile()),
                Path.of(ssh.knownHostsFile()), ssh.connectTimeout(), ssh.keepAliveInterval(),
                ssh.keepAliveCountMax(), ssh.outputCap(), ssh.narrow() ? ssh.runner() : "");
        Secret passphrase = SecretReference.resolve("cutover.targets." + name + ".ssh.passphrase", ssh.passphrase());
        return new SshTargetShell(endpoint, passphrase);
    }

    public void close(String name) {
        TargetShell shell = open.remove(name);
        if (shell != null) {
            shell.close();
        }
    }

    @Override
    public void destroy() {
        open.keySet().forEach(this::close);
    }
}
