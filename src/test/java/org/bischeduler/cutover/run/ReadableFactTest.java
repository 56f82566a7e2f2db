package org.bischeduler.cutover.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A script's facts as the live view shows them. */
class ReadableFactTest {

    @Test
    void checksAreTickedOrCrossedMomentsAreClockTimesAndOtherFactsAreWords() {
        assertThat(ReadableFact.of("@check.port=ok|bischeduler holds port 5005|pid 77")).isEqualTo("✓ port: pid 77 (expected bischeduler holds port 5005)");
        assertThat(ReadableFact.of("@check.static=fail|200 from /bischeduler/style.css|404")).isEqualTo("✗ static: 404 (expected 200 from /bischeduler/style.css)");
        assertThat(ReadableFact.of("@stoppedAt=1796676003559")).isEqualTo("stopped at: 20:40:03.559 UTC");
        assertThat(ReadableFact.of("@old.restoredAt=1796676003559")).isEqualTo("old restored at: 20:40:03.559 UTC");
        assertThat(ReadableFact.of("@waitedForOldWorkersMs=12")).isEqualTo("waited for old workers: 12 ms");
        assertThat(ReadableFact.of("@state=stopped")).isEqualTo("state: stopped");
        assertThat(ReadableFact.of("@launchers=")).isEqualTo("launchers: (none)");
        assertThat(ReadableFact.of("@environment=FLASK_PORT HOME PATH")).isEqualTo("environment: FLASK_PORT HOME PATH");
        assertThat(ReadableFact.of("dumping gestion_horarios")).as("not a fact").isEqualTo("dumping gestion_horarios");
        assertThat(ReadableFact.of("@=no key")).isEqualTo("@=no key");
    }
}
