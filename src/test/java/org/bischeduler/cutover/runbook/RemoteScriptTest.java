package org.bischeduler.cutover.runbook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a script reports: {@code @key=value} lines, in order; everything else is output for people. */
class RemoteScriptTest {

    @Test
    void factsAreTheAtKeyValueLinesInOrderWithEqualsSignsKeptInTheValue() {
        String stdout = "starting\n@path=/var/backups/x.sql.gz\nnot @a=fact\n@query=SELECT 1 WHERE a=b\n@=no key\n@state=created\n";

        assertThat(RemoteScript.facts(stdout)).containsExactly(
                java.util.Map.entry("path", "/var/backups/x.sql.gz"),
                java.util.Map.entry("query", "SELECT 1 WHERE a=b"),
                java.util.Map.entry("state", "created"));
    }

    @Test
    void aScriptIsCommonHelpersThenItsOwnTextAndItsPlanLineQuotesEveryArgument() {
        RemoteScript script = RemoteScript.load("check-workspace");

        assertThat(script.text()).startsWith("# Shared helpers").contains("# ---- check-workspace.sh").contains("umask 077");
        assertThat(script.describe(java.util.List.of("/opt/migration dir", "it's"))).isEqualTo(
                "bash -s -- '/opt/migration dir' 'it'\"'\"'s'  < check-workspace.sh");
    }

    /** The live view names each argument as the script names it, over several opening lines and past $9; the rest follows "then:". */
    @Test
    void aCallReadsWithTheNamesTheScriptGivesItsArguments() {
        RemoteScript stop = RemoteScript.load("stop-new-service");
        java.util.List<String> arguments = java.util.List.of("bischeduler", "5005", "60", "/var/log/probe", "http://h/scheduler/", "20",
                "/var/state", "/var/environ", "5005", "30", "/var/restart.log", "/opt/bi scheduler", "extra");

        assertThat(stop.readable(arguments)).isEqualTo("stop-new-service.sh unit=bischeduler port=5005 timeout=60 probe_log=/var/log/probe"
                + " probe_url=http://h/scheduler/ probe_ms=20 old_state=/var/state old_environ=/var/environ old_port=5005 old_timeout=30"
                + " old_log=/var/restart.log new_dir='/opt/bi scheduler' then: extra");
        assertThat(RemoteScript.load("stop-old-service").readable(java.util.List.of("5005", ""))).isEqualTo("stop-old-service.sh port=5005 unit=''");
    }
}
