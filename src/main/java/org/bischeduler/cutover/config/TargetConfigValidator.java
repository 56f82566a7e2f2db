package org.bischeduler.cutover.config;

import org.bischeduler.cutover.values.InvalidParameterException;
import org.bischeduler.cutover.values.SafeValues;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Checks every configured target when the app starts, so a bad value stops the app with a
 * message that names the property, long before a run would hand it to a command.
 */
@Component
class TargetConfigValidator implements InitializingBean {

    private final CutoverProperties properties;

    TargetConfigValidator(CutoverProperties properties) {
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        for (Map.Entry<String, TargetConfig> entry : properties.targets().entrySet()) {
            try {
                validate(entry.getKey(), entry.getValue());
            } catch (InvalidParameterException | IllegalStateException e) {
                throw new IllegalStateException("Invalid target configuration: " + e.getMessage(), e);
            }
        }
        properties.fleets().forEach((name, fleet) -> {
            String problem = fleetProblem(name, fleet, properties);
            if (problem != null) {
                throw new IllegalStateException("Invalid fleet configuration: cutover.fleets." + name + ": " + problem);
            }
        });
    }

    /** What is wrong with a fleet, or null. */
    static String fleetProblem(String name, CutoverProperties.Fleet fleet, CutoverProperties properties) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            return "a fleet's name is letters, digits, '.', '_' and '-'";
        }
        List<String> targets = fleet.targets().stream().filter(t -> !t.isBlank()).toList();
        if (targets.isEmpty()) {
            return "targets lists no target";
        }
        for (String target : targets) {
            if (!properties.targets().containsKey(target)) {
                return "target '" + target + "' is not configured under cutover.targets";
            }
        }
        if (new java.util.HashSet<>(targets).size() != targets.size()) {
            return "a target is listed twice";
        }
        if (!targets.contains(fleet.canary())) {
            return "the canary '" + fleet.canary() + "' is not one of its targets";
        }
        if (fleet.waveSize() < 1) {
            return "wave-size is at least 1";
        }
        if (fleet.failureBudget() < 1) {
            return "failure-budget is at least 1 (one failed target stops the rollout)";
        }
        if (!CutoverProperties.Fleet.ON_FAILURE.contains(fleet.onFailure())) {
            return "on-failure '" + fleet.onFailure() + "' is not one of " + CutoverProperties.Fleet.ON_FAILURE
                    + ": this-target (the failed target rolls back, the others stay cut over) or every-target-done"
                    + " (at the failure budget, every target cut over so far rolls back too)";
        }
        return null;
    }

    /** Why the target's root access cannot work, or null. */
    static String rootAccess(TargetConfig.Ssh ssh) {
        if (!ssh.rootAccess().equals("broad") && !ssh.rootAccess().equals("narrow")) {
            return "'" + ssh.rootAccess() + "' is neither broad (sudo runs any command) nor narrow (sudo runs only the"
                    + " cutover's runner, see docs/preparing-a-target.md)";
        }
        if (ssh.narrow() && (ssh.local() || ssh.user().equals("root"))) {
            return "narrow is for a login that is not root, over SSH";
        }
        return null;
    }

    static void validate(String name, TargetConfig target) {
        String p = "cutover.targets." + name;
        SafeValues.name(p, name);
        TargetConfig.Ssh ssh = target.ssh();
        if (!ssh.local()) {
            SafeValues.hostName(p + ".ssh.host", ssh.host());
            SafeValues.port(p + ".ssh.port", ssh.port());
            SafeValues.userName(p + ".ssh.user", ssh.user());
            SafeValues.path(p + ".ssh.key-file", ssh.keyFile());
            SafeValues.path(p + ".ssh.known-hosts-file", ssh.knownHostsFile());
            requireSecretReference(p + ".ssh.passphrase", ssh.passphrase());
            SafeValues.path(p + ".ssh.runner", ssh.runner());
        }
        String access = rootAccess(ssh);
        if (access != null) {
            throw new InvalidParameterException(p + ".ssh.root-access", access);
        }
        try {
            target.users().zone();
        } catch (java.time.DateTimeException e) {
            throw new InvalidParameterException(p + ".users.time-zone", "is not a time zone: " + target.users().timeZone());
        }
        if (!TargetConfig.LANGUAGES.contains(target.users().language())) {
            throw new InvalidParameterException(p + ".users.language", "must be one of " + TargetConfig.LANGUAGES
                    + ", got " + target.users().language());
        }
        TargetConfig.OldApp old = target.oldApp();
        SafeValues.port(p + ".old-app.port", old.port());
        SafeValues.path(p + ".old-app.dir", old.dir());
        optional(p + ".old-app.unit", old.unit(), SafeValues::unitName);
        optional(p + ".old-app.cron-file", old.cronFile(), SafeValues::path);
        TargetConfig.NewApp fresh = target.newApp();
        SafeValues.port(p + ".new-app.port", fresh.port());
        SafeValues.path(p + ".new-app.dir", fresh.dir());
        SafeValues.path(p + ".new-app.python", fresh.python());
        SafeValues.name(p + ".new-app.entry", fresh.entry());
        SafeValues.unitName(p + ".new-app.unit", fresh.unit());
        SafeValues.path(p + ".new-app.unit-dir", fresh.unitDir());
        SafeValues.path(p + ".new-app.static-dir", fresh.staticDir());
        SafeValues.name(p + ".new-app.static-probe", fresh.staticProbe());
        SafeValues.userName(p + ".new-app.run-as", fresh.runAs());
        optional(p + ".new-app.database-option-file", fresh.databaseOptionFile(), SafeValues::path);
        for (int i = 0; i < fresh.apiEndpoints().size(); i++) {
            SafeValues.path(p + ".new-app.api-endpoints[" + i + "]", fresh.apiEndpoints().get(i));
        }
        TargetConfig.Nginx nginx = target.nginx();
        SafeValues.path(p + ".nginx.site-file", nginx.siteFile());
        optional(p + ".nginx.conf-file", nginx.confFile(), SafeValues::path);
        baseUrl(p + ".nginx.base-url", nginx.baseUrl());
        if (!nginx.publicUrl().isEmpty()) {
            baseUrl(p + ".nginx.public-url", nginx.publicUrl());
        }
        // the prober asks at least once a minute (curl's --rate counts requests per minute) and at most 1000 times a second
        if (nginx.probeInterval().toMillis() < 1 || nginx.probeInterval().toMillis() > 60_000) {
            throw new InvalidParameterException(p + ".nginx.probe-interval", "must be between 1ms and 60s, got " + nginx.probeInterval());
        }
        SafeValues.locationPrefix(p + ".nginx.old-prefix", nginx.oldPrefix());
        SafeValues.locationPrefix(p + ".nginx.new-prefix", nginx.newPrefix());
        if (nginx.oldPrefix().equals(nginx.newPrefix()) || nginx.oldPrefix().equals("/") || nginx.newPrefix().equals("/")) {
            throw new InvalidParameterException(p + ".nginx.new-prefix", "old and new prefix must differ and neither may be '/'");
        }
        TargetConfig.Database db = target.database();
        SafeValues.databaseName(p + ".database.name", db.name());
        SafeValues.hostName(p + ".database.host", db.host());
        SafeValues.port(p + ".database.port", db.port());
        SafeValues.userName(p + ".database.user", db.user());
        requireSecretReference(p + ".database.password", db.password());
        TargetConfig.Folders folders = target.folders();
        SafeValues.path(p + ".folders.backup", folders.backup());
        SafeValues.path(p + ".folders.archive", folders.archive());
        SafeValues.path(p + ".folders.migration-workspace", folders.migrationWorkspace());
        SafeValues.path(p + ".folders.monitor-script", folders.monitorScript());
    }

    private static void baseUrl(String property, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(property, "is not a URL: " + value);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
            throw new InvalidParameterException(property, "must be http(s)://host[:port] without a path, got " + value);
        }
        SafeValues.hostName(property, uri.getHost());
    }

    private static void requireSecretReference(String property, String reference) {
        if (reference != null && !reference.isBlank() && !reference.startsWith("env:") && !reference.startsWith("file:")) {
            throw new InvalidParameterException(property, "must be env:NAME or file:/path, never the secret itself");
        }
    }

    private static void optional(String property, String value, java.util.function.BinaryOperator<String> check) {
        if (value != null && !value.isEmpty()) {
            check.apply(property, value);
        }
    }
}
