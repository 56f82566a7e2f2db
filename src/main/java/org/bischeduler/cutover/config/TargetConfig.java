package org.bischeduler.cutover.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * One host whose old web app is retired and whose port is reused, as configured under
 * {@code cutover.targets.<name>}. Defaults are the runbook's values. No secret is held here:
 * passwords and passphrases are named by reference ({@code env:NAME} or {@code file:/path}).
 */
public record TargetConfig(@DefaultValue Ssh ssh, @DefaultValue OldApp oldApp, @DefaultValue NewApp newApp,
                           @DefaultValue Nginx nginx, @DefaultValue Database database,
                           @DefaultValue Folders folders, @DefaultValue Users users) {

    /** The languages the announcements to users are written in (announcements/messages_*.properties). */
    public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "es");

    /**
     * The app's users on this host, as the announcements address them.
     *
     * @param timeZone the zone their times are given in (an IANA name such as Europe/Madrid)
     * @param language the language they are written to: one of {@link #LANGUAGES}
     */
    public record Users(@DefaultValue("UTC") String timeZone, @DefaultValue("en") String language) {

        public java.time.ZoneId zone() {
            return java.time.ZoneId.of(timeZone);
        }
    }

    /**
     * @param local        the target is the machine the app runs on: no SSH
     * @param passphrase   reference to the key's passphrase, {@code env:NAME} or {@code file:/path}, or empty
     * @param rootAccess   how a non-root login becomes root: {@code broad} (sudo runs any command) or
     *                     {@code narrow} (sudo runs only the runner that scripts/prepare-target.sh installed)
     * @param runner       the runner of a narrow target
     */
    public record Ssh(@DefaultValue("false") boolean local, String host, @DefaultValue("22") int port,
                      @DefaultValue("root") String user, String keyFile, String knownHostsFile,
                      @DefaultValue("") String passphrase,
                      @DefaultValue("10s") Duration connectTimeout, @DefaultValue("15m") Duration commandTimeout,
                      @DefaultValue("5s") Duration keepAliveInterval, @DefaultValue("3") int keepAliveCountMax,
                      @DefaultValue("65536") int outputCap,
                      @DefaultValue("broad") String rootAccess,
                      @DefaultValue("/usr/local/lib/cutover/bin/cutover-run") String runner) {

        public boolean narrow() {
            return rootAccess.equals("narrow");
        }
    }

    /**
     * @param unit        the old app's systemd unit, or empty when it runs without one
     * @param cronFile    a cron file whose entries start the old app, or empty
     * @param stopGrace   how long SIGTERM gets before SIGKILL is used
     */
    public record OldApp(@DefaultValue("5005") int port, @DefaultValue("/opt/scheduler") String dir,
                         @DefaultValue("scheduler") String unit, @DefaultValue("/etc/cron.d/scheduler") String cronFile,
                         @DefaultValue("10s") Duration stopGrace, @DefaultValue("60s") Duration startTimeout) {
    }

    /**
     * @param databaseOptionFile the new app's own MariaDB client option file (its credentials), which
     *                           preflight connects with; empty when the new app keeps them elsewhere
     */
    public record NewApp(@DefaultValue("5005") int port, @DefaultValue("/opt/bischeduler") String dir,
                         @DefaultValue("/opt/bischeduler/venv/bin/python") String python,
                         @DefaultValue("app.py") String entry, @DefaultValue("bischeduler") String unit,
                         @DefaultValue("/etc/systemd/system") String unitDir,
                         @DefaultValue("/opt/bischeduler/static") String staticDir,
                         @DefaultValue("style.css") String staticProbe,
                         @DefaultValue("www-data") String runAs,
                         @DefaultValue("/api/health") List<String> apiEndpoints,
                         @DefaultValue("60s") Duration startTimeout,
                         @DefaultValue("") String databaseOptionFile) {
    }

    /**
     * @param confFile   the main nginx.conf handed to {@code nginx -c}, or empty for nginx's own default
     * @param baseUrl    where nginx answers, as seen from the target
     * @param publicUrl  where users reach nginx, for the announcements (empty: {@code baseUrl})
     * @param maintenancePage while the app is down, answer 503 with Retry-After from a maintenance page instead of 502
     * @param probeInterval how often the prober on the target asks the old URL during a window
     */
    public record Nginx(@DefaultValue("/etc/nginx/sites-available/scheduler") String siteFile,
                        @DefaultValue("") String confFile, @DefaultValue("http://127.0.0.1:80") String baseUrl,
                        @DefaultValue("/scheduler/") String oldPrefix, @DefaultValue("/bischeduler/") String newPrefix,
                        @DefaultValue("600s") Duration apiReadTimeout, @DefaultValue("300s") Duration readTimeout,
                        @DefaultValue("true") boolean maintenancePage,
                        @DefaultValue("5") int maintenanceRetryAfterSeconds,
                        @DefaultValue("true") boolean redirectKeepsPath,
                        @DefaultValue("") String publicUrl, @DefaultValue("20ms") Duration probeInterval) {

        /** The address users know, for an announcement: the public URL and a prefix. */
        public String userAddress(String prefix) {
            String base = publicUrl.isBlank() ? baseUrl : publicUrl;
            return base.replaceAll("/+$", "") + prefix;
        }
    }

    /**
     * @param password reference to the database password, {@code env:NAME} or {@code file:/path}, or empty
     * @param dataChecks SQL queries that must each return at least one row after the cutover
     */
    public record Database(@DefaultValue("gestion_horarios") String name, @DefaultValue("127.0.0.1") String host,
                           @DefaultValue("3306") int port, @DefaultValue("root") String user,
                           @DefaultValue("") String password, @DefaultValue("") List<String> dataChecks) {
    }

    public record Folders(@DefaultValue("/var/backups/scheduler") String backup,
                          @DefaultValue("/var/archive") String archive,
                          @DefaultValue("/opt/migration") String migrationWorkspace,
                          @DefaultValue("/usr/local/bin/monitor.sh") String monitorScript,
                          @DefaultValue("1024") long minFreeBackupMegabytes) {
    }
}
