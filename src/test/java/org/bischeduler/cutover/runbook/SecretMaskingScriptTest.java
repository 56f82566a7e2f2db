package org.bischeduler.cutover.runbook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * common.sh's masking of what a host runs, before any of it leaves the host: a process's command
 * line read from /proc and shown with the values of secret-shaped options, -pVALUE and URLs'
 * user-info masked, also inside a loop given to {@code sh -c}, and an environment as names only.
 */
class SecretMaskingScriptTest {

    private static final String SECRET = "Zq8vT&\"<x>";

    @Test
    void aCommandLineIsShownWithEverySecretShapedValueMaskedAndEverythingElseAsItRan() throws Exception {
        String shown = shownCmdline("app.py", "--db-password=" + SECRET, "--database=mysql://scheduler:" + SECRET + "@127.0.0.1:3306/db",
                "-p" + SECRET, "--token", SECRET, "PW=" + SECRET, "DB_PW=" + SECRET, "--api-key=" + SECRET,
                "--port", "5005", "-p", "8080", "--workers=4",
                "while :; do python3 app.py --db-password=" + SECRET.replace("&", "\\&").replace("\"", "\\\"") + "; sleep 1; done");

        assertThat(shown).doesNotContain("Zq8vT").doesNotContain("<x>")
                .contains("app.py --db-password=**** '--database=mysql://scheduler:****@127.0.0.1:3306/db' -p**** --token ****"
                        + " PW=**** DB_PW=**** --api-key=**** --port 5005 -p 8080 --workers=4")
                .contains("'while :; do python3 app.py --db-password=****; sleep 1; done'");
    }

    @Test
    void anEnvironmentIsShownAsItsNamesOnly() throws Exception {
        String script = "env -i PW='" + SECRET + "' FLASK_PORT=5005 HOME=/root sh -c 'cat /proc/$$/environ' > \"$TMPDIR/environ\"\n"
                + "environment_names \"$TMPDIR/environ\"\n";

        assertThat(bash(script)).isEqualTo("PW FLASK_PORT HOME");
    }

    /** Starts a process with these arguments and asks common.sh how it shows its command line. */
    private static String shownCmdline(String... arguments) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/python3", "-c", "import time; time.sleep(20)"));
        argv.addAll(List.of(arguments));
        Process process = new ProcessBuilder(argv).start();
        try {
            Thread.sleep(200);
            return bash("shown_cmdline " + process.pid() + "\n");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String bash(String script) throws Exception {
        java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("masking-");
        Process bash = new ProcessBuilder("bash", "-s").redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(("TMPDIR=" + tmp + "\n" + RemoteScript.commonHelpers() + script)
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output;
    }
}
