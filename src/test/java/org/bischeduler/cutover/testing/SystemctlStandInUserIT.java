package org.bischeduler.cutover.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in's user managers, as systemd documents them: systemctl(1) {@code --user
 * --machine=USER@} reaches that user's manager; systemd.unit(5)'s user search path starts at
 * {@code ~/.config/systemd/user} and {@code enable} links into {@code default.target.wants} there,
 * as the user; systemd.exec(5): the service runs as the user, in {@code user@UID.service}'s control
 * group, with the manager's environment (HOME, USER, LOGNAME, SHELL, XDG_RUNTIME_DIR, PATH) and its
 * {@code Environment=} lines; the main process is the service's own. An integration test: it writes
 * into a real user's home (the sandbox's old-app user, created as the sandbox does).
 */
class SystemctlStandInUserIT {

    private static final String USER = "cutover-oldapp";
    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    StandInSystemd systemd;
    String unit;
    Path home;

    /** The user was made here (no sandbox had made it): it goes again afterwards, with its home. */
    boolean madeTheUser;

    @BeforeEach
    void install() throws Exception {
        madeTheUser = Programs.run(List.of("bash", "-c", "id -u " + USER + " >/dev/null 2>&1 && echo there || true")).isBlank();
        Programs.run(List.of("bash", "-c", "id -u " + USER + " >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin " + USER));
        home = Path.of(Programs.run(List.of("bash", "-c", "getent passwd " + USER + " | cut -d: -f6")).strip());
        Programs.run(List.of("bash", "-c", "mkdir -p " + home + " && chown " + USER + ": " + home
                + " && runuser -u " + USER + " -- mkdir -p " + home + "/.config/systemd/user && chmod 777 " + dir));
        systemd = new StandInSystemd(dir);
        unit = "standin-test-" + ProcessHandle.current().pid();
    }

    @AfterEach
    void remove() throws Exception {
        systemd.systemctl("--user", "--machine=" + USER + "@", "stop", unit);
        Files.deleteIfExists(home.resolve(".config/systemd/user/default.target.wants/" + unit + ".service"));
        Files.deleteIfExists(home.resolve(".config/systemd/user/" + unit + ".service"));
        systemd.close();
        if (madeTheUser) {
            Programs.run(List.of("bash", "-c", "userdel -r " + USER + " 2>/dev/null; true"));
        }
    }

    @Test
    void aUsersServiceRunsAsTheUserInItsManagersGroupWithTheManagersEnvironment() throws Exception {
        Path file = home.resolve(".config/systemd/user/" + unit + ".service");
        Files.writeString(file, """
                [Service]
                WorkingDirectory=%1$s
                Environment=GIVEN=to-the-service
                ExecStart=/bin/sh -c 'env > %1$s/env; exec sleep 600'
                """.formatted(dir));
        Programs.run(List.of("chown", USER + ":", file.toString()));
        String[] asUser = {"--user", "--machine=" + USER + "@"};

        assertThat(systemd.systemctl(with(asUser, "enable", "--now", unit)).exitCode()).isZero();

        Path link = home.resolve(".config/systemd/user/default.target.wants/" + unit + ".service");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(file);
        assertThat(Files.getOwner(link, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName()).as("the user's own link").isEqualTo(USER);
        assertThat(systemd.systemctl(with(asUser, "is-active", unit)).output()).isEqualTo("active");
        assertThat(systemd.systemctl("is-active", unit).output()).as("not a system service").isEqualTo("inactive");
        assertThat(systemd.systemctl("--user", "--machine=elsewhere", "is-active", unit).exitCode()).as("no container here").isNotZero();
        String main = systemd.systemctl(with(asUser, "show", "-p", "MainPID", "--value", unit)).output();
        assertThat(Files.readString(Path.of("/proc/" + main + "/cmdline"))).as("the service's own process").startsWith("sleep");
        String uid = Programs.run(List.of("id", "-u", USER)).strip();
        assertThat(Files.readAllLines(Path.of("/proc/" + main + "/status"))).anyMatch(line -> line.matches("Uid:\\s+" + uid + "\\s.*"));
        assertThat(Files.readAllLines(Path.of("/proc/" + main + "/cgroup"))).anyMatch(line -> line.startsWith("0::")
                && line.endsWith("/user.slice/user-" + uid + ".slice/user@" + uid + ".service/app.slice/" + unit + ".service"));
        String env = StandInSystemd.await(() -> read(dir.resolve("env")), text -> text.contains("GIVEN"), SOON);
        assertThat(env.lines().filter(line -> !line.startsWith("PWD=")).sorted().toList()).containsExactly(
                "GIVEN=to-the-service", "HOME=" + home, "LOGNAME=" + USER, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "SHELL=/usr/sbin/nologin", "USER=" + USER, "XDG_RUNTIME_DIR=/run/user/" + uid);

        assertThat(systemd.systemctl(with(asUser, "disable", "--now", unit)).exitCode()).isZero();
        assertThat(link).doesNotExist();
        assertThat(systemd.systemctl(with(asUser, "is-active", unit)).output()).isEqualTo("inactive");
        assertThat(StandInSystemd.running(main)).isFalse();
    }

    private static String[] with(String[] first, String... rest) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(rest)).toArray(String[]::new);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * systemctl(1): is-active and show only ask, and systemd answers them over D-Bus for any user, so
     * a health check run by an unprivileged user sees a root service as active, however private the
     * umask of whoever started it (the runbook's scripts run with 077).
     */
    @Test
    void anyUserSeesASystemServicesStateAndMainPid() throws Exception {
        String service = unit + "-system";
        systemd.unit(service, "[Service]\nType=simple\nExecStart=/bin/sleep 600\n");
        try {
            Programs.run(List.of("bash", "-c", "umask 077 && " + systemd.bin().resolve("systemctl") + " start " + service));
            String main = systemd.systemctl("show", "-p", "MainPID", "--value", service).output();
            String asked = Programs.run(List.of("runuser", "-u", USER, "--", "bash", "-c",
                    systemd.bin().resolve("systemctl") + " is-active " + service + "; echo \"exit $?\"; "
                            + systemd.bin().resolve("systemctl") + " show -p MainPID --value " + service));
            assertThat(asked).isEqualTo("active\nexit 0\n" + main + "\n");
        } finally {
            systemd.systemctl("stop", service);
        }
    }
}
