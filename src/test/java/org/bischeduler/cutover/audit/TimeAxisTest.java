package org.bischeduler.cutover.audit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The timeline's axis: long waits for people drawn as breaks, the host's work to scale in the rest. */
class TimeAxisTest {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void aTwoMinuteApprovalBecomesABreakAndTheHostStepsShareTheWidth() {
        // preflight 2 s, two minutes of approval, then 6 s of steps
        List<TimeAxis.Busy> busy = List.of(new TimeAxis.Busy(at(0), at(2_000)), new TimeAxis.Busy(at(122_000), at(128_000)));
        TimeAxis axis = TimeAxis.of(T0, at(128_000), busy, 100, 800);

        assertThat(axis.breaks()).hasSize(1);
        assertThat(axis.breaks().get(0).millis()).isEqualTo(120_000);
        assertThat(axis.breaks().get(0).width()).isEqualTo(TimeAxis.BREAK);
        // 8 s of host work share 800 - 46 units: a 1 s step is about 94 units wide, not 6
        assertThat(axis.x(at(123_000)) - axis.x(at(122_000))).isCloseTo((800 - TimeAxis.BREAK) / 8, within(0.001));
        assertThat(axis.x(T0)).isEqualTo(100);
        assertThat(axis.x(at(128_000))).isCloseTo(900, within(0.001));
        assertThat(axis.x(at(62_000))).as("inside the break, in proportion").isCloseTo(axis.breaks().get(0).x() + TimeAxis.BREAK / 2, within(0.001));
    }

    @Test
    void shortWaitsStayToScaleAndMomentsOutsideTheRunLieAtItsEdges() {
        List<TimeAxis.Busy> busy = List.of(new TimeAxis.Busy(at(0), at(1_000)), new TimeAxis.Busy(at(5_000), at(6_000)));
        TimeAxis axis = TimeAxis.of(T0, at(6_000), busy, 0, 600);

        assertThat(axis.breaks()).isEmpty();
        assertThat(axis.x(at(3_000))).isCloseTo(300, within(0.001));
        assertThat(axis.x(T0.minus(Duration.ofSeconds(5)))).isZero();
        assertThat(axis.x(at(60_000))).isCloseTo(600, within(0.001));
    }

    @Test
    void overlappingWorkIsJoinedAndAWaitAtTheEndIsABreakToo() {
        List<TimeAxis.Busy> busy = List.of(new TimeAxis.Busy(at(0), at(3_000)), new TimeAxis.Busy(at(1_000), at(4_000)));
        TimeAxis axis = TimeAxis.of(T0, at(3_604_000), busy, 0, 500);

        assertThat(axis.segments()).hasSize(2);
        assertThat(axis.breaks()).singleElement().satisfies(gap -> {
            assertThat(gap.millis()).isEqualTo(3_600_000);
            assertThat(gap.x()).isCloseTo(500 - TimeAxis.BREAK, within(0.001));
        });
    }
}
