package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.config.TargetConfig;

/** Where nginx's configuration lives on the target. */
final class NginxCommands {

    private NginxCommands() {
    }

    /** The main configuration file: the configured one, or nginx's own default. */
    static String confFile(TargetConfig target) {
        return target.nginx().confFile().isEmpty() ? "/etc/nginx/nginx.conf" : target.nginx().confFile();
    }

    /** The folder holding the main file and the site files included from it. */
    static String confDir(TargetConfig target) {
        String conf = confFile(target);
        return conf.substring(0, conf.lastIndexOf('/'));
    }
}
