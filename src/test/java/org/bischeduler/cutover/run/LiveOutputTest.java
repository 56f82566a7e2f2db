package org.bischeduler.cutover.run;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveOutputTest {

    @Test
    void outputIsHandedOnInWholeLinesSoASecretSplitAcrossTwoPiecesIsStillScrubbed() {
        LiveOutput live = new LiveOutput();
        live.stepStarted("run-1", "Back up database");
        try (LiveOutput.CommandOutput output = live.commandStarted("run-1", "Back up database", "mysqldump --password=s3cret-pw",
                text -> text.replace("s3cret-pw", "****"))) {
            piece(output, false, "dumping gestion_horarios\nconnected with s3cr");
            piece(output, true, "warning: slow disk\n");
            piece(output, false, "et-pw as backup\ndone");
        }
        live.stepEnded("run-1", "Back up database", "completed");

        List<LiveOutput.Event> events = live.since("run-1", 0);
        assertThat(events).extracting(LiveOutput.Event::kind, LiveOutput.Event::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("step-started", "Back up database"),
                org.assertj.core.groups.Tuple.tuple("command", "mysqldump --password=****"),
                org.assertj.core.groups.Tuple.tuple("stdout", "dumping gestion_horarios"),
                org.assertj.core.groups.Tuple.tuple("stderr", "warning: slow disk"),
                org.assertj.core.groups.Tuple.tuple("stdout", "connected with **** as backup"),
                org.assertj.core.groups.Tuple.tuple("stdout", "done"),
                org.assertj.core.groups.Tuple.tuple("step-ended", "completed"));
        assertThat(events).extracting(LiveOutput.Event::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(live.since("run-1", 5)).extracting(LiveOutput.Event::text).containsExactly("done", "completed");
        assertThat(live.since("another-run", 0)).isEmpty();
    }

    @Test
    void aRunKeepsItsLatestEventsOnlyAndOnlyTheLatestRunsAreKept() {
        LiveOutput live = new LiveOutput();
        for (int i = 0; i < LiveOutput.KEPT_PER_RUN + 10; i++) {
            live.stepStarted("busy", "step " + i);
        }
        List<LiveOutput.Event> kept = live.since("busy", 0);
        assertThat(kept).hasSize(LiveOutput.KEPT_PER_RUN);
        assertThat(kept.get(kept.size() - 1).text()).isEqualTo("step " + (LiveOutput.KEPT_PER_RUN + 9));
        for (int run = 0; run < LiveOutput.KEPT_RUNS; run++) {
            live.stepStarted("run-" + run, "step");
        }
        assertThat(live.since("busy", 0)).as("the oldest run is dropped").isEmpty();
        assertThat(live.since("run-0", 0)).hasSize(1);
    }

    private static void piece(LiveOutput.CommandOutput output, boolean stderr, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        output.received(stderr, bytes, 0, bytes.length);
    }
}
