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
}
