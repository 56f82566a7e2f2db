package org.bischeduler.cutover.scripts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code scripts/install-dependencies.sh --plan} decides to install, on machines described by
 * the commands they have (a PATH holding only those, each answering as it would there): a JDK
 * older than 17, no Maven, Debian 12's Node 18, and a fresh Debian 13 without Java or Node.
 */
class InstallDecisionsTest {

    private static final Path SCRIPT = Path.of("scripts/install-dependencies.sh").toAbsolutePath();
    /** What every Debian machine has: the script needs these to decide. */
    private static final List<String> BASICS = List.of("sed", "grep", "head", "cat", "dirname");
    private static final String BASE_PACKAGES = "openssh-server openssh-client nginx mariadb-server mariadb-client curl iproute2 procps sudo"
            + " gunicorn uwsgi-core uwsgi-plugin-python3 python3 gzip coreutils util-linux cron supervisor tmux screen docker-compose"
            + " chromium fonts-dejavu-core shellcheck";

    @TempDir
    Path machine;

    @Test
    void debian12WithAnOldJdkNoMavenAndNode18GetsAJdkMavenAndNode20FromTheNpmRegistry() throws Exception {
        command("java", "echo 'openjdk version \"11.0.22\" 2024-01-16' >&2");
        command("javac", "true");
        command("node", "echo v18.19.0");
        command("npm", "true");
        command("apt-cache", "printf 'nodejs:\\n  Installed: 18.19.0+dfsg-6~deb12u2\\n  Candidate: 18.19.0+dfsg-6~deb12u2\\n'");
        installed(BASE_PACKAGES + " npm nodejs");

        assertThat(plan()).containsExactly("Debian packages to install: default-jdk-headless maven",
                "Node: node@20 from the npm registry into /usr/local (Debian's is older)");
    }

    @Test
    void aFreshDebian13GetsItsOwnJdkMavenAndNode() throws Exception {
        command("apt-cache", "printf 'nodejs:\\n  Installed: (none)\\n  Candidate: 20.19.2+dfsg-1\\n'");
        installed("coreutils util-linux");

        assertThat(plan()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("Debian packages to install: openssh-server ")
                    .endsWith(" default-jdk-headless maven npm nodejs").doesNotContain("coreutils");
            assertThat(lines.get(1)).isEqualTo("Node: Debian's nodejs");
        });
    }

    @Test
    void aMachineThatHasEverythingGetsNothing() throws Exception {
        command("java", "echo 'openjdk version \"17.0.15\" 2025-04-15' >&2");
        command("javac", "true");
        command("mvn", "true");
        command("node", "echo v20.20.2");
        command("npm", "true");
        installed(BASE_PACKAGES);

        assertThat(plan()).containsExactly("Debian packages to install: none", "Node: v20.20.2");
    }

    /** A command of the described machine, answering with this shell snippet. */
    private void command(String name, String answer) throws Exception {
        Path file = machine.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + answer + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The Debian packages the machine has, as dpkg-query answers for them. */
    private void installed(String packages) throws Exception {
        Files.writeString(machine.resolve("installed"), String.join("\n", packages.split(" ")) + "\n");
        command("dpkg-query", "if grep -qx -- \"${!#}\" " + machine.resolve("installed")
                + "; then printf 'install ok installed'; else echo \"dpkg-query: no packages found matching ${!#}\" >&2; exit 1; fi");
    }

    private List<String> plan() throws Exception {
        for (String basic : BASICS) {
            Path real = Path.of("/usr/bin", basic);
            Files.createSymbolicLink(machine.resolve(basic), Files.exists(real) ? real : Path.of("/bin", basic));
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "--plan").redirectErrorStream(true);
        builder.environment().put("PATH", machine.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
