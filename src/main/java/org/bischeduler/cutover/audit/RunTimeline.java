package org.bischeduler.cutover.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The run over time, as the record draws it: one row per step or people's task, a bar from its
 * start to its end, and the stretches when users had no service marked across all rows. Laid out
 * in a fixed coordinate space the page scales to its width.
 */
record RunTimeline(double width, double height, List<Row> rows, List<Band> outages, List<Tick> ticks) {

    static final double WIDTH = 1000;
    static final double LABEL = 260;
    static final double ROW = 16;
    static final double TOP = 24;

    /** @param kind step or user-task; {@code open} while it has not ended */
    record Row(double y, String label, String kind, double x, double width, String title, boolean open) {
    }

    /** @param label a few words drawn beside the band, where there is room: {@code labelX} and its text anchor */
    record Band(double x, double width, String title, String label, double labelX, String anchor) {
    }

    record Tick(double x, String text, String anchor) {
    }

    static RunTimeline of(RunRecord record, Instant now) {
        List<RunRecord.TimelineEntry> entries = record.timeline().stream().filter(t -> t.startedAt() != null).toList();
        Instant start = record.summary().startedAt();
        Instant end = record.summary().endedAt() != null ? record.summary().endedAt() : now;
        for (RunRecord.TimelineEntry entry : entries) {
            end = later(end, entry.endedAt() != null ? entry.endedAt() : now);
        }
        double span = Math.max(1, Duration.between(start, end).toMillis());
        double chart = WIDTH - LABEL - 10;
        List<Row> rows = new ArrayList<>();
        double y = TOP;
        for (RunRecord.TimelineEntry entry : entries) {
            Instant to = entry.endedAt() != null ? entry.endedAt() : now;
            double x = LABEL + chart * Duration.between(start, entry.startedAt()).toMillis() / span;
            double w = Math.max(2, chart * Duration.between(entry.startedAt(), to).toMillis() / span);
            String took = entry.endedAt() == null ? "still open" : duration(Duration.between(entry.startedAt(), to).toMillis());
            String who = entry.completedBy() == null ? "" : ", by " + entry.completedBy();
            rows.add(new Row(y, entry.name() == null ? entry.activityId() : entry.name(), entry.type().equals("user task") ? "user-task" : "step",
                    x, w, entry.name() + ": " + took + who, entry.endedAt() == null));
            y += ROW;
        }
        List<Band> outages = new ArrayList<>();
        for (RunRecord.Stretch stretch : record.downtime().stretches()) {
            Instant to = stretch.to() != null ? stretch.to() : now;
            double x = LABEL + chart * Duration.between(start, stretch.from()).toMillis() / span;
            double w = Math.max(2, chart * Duration.between(stretch.from(), to).toMillis() / span);
            String took = duration(Duration.between(stretch.from(), to).toMillis());
            String label = "no service " + took + (stretch.to() == null ? " so far" : "");
            boolean roomRight = x + w + 8 * label.length() < WIDTH;
            outages.add(new Band(x, w, "users had no service for " + (stretch.to() == null ? "so far " : "") + took
                    + (stretch.endedBy().isEmpty() ? "" : ", until " + stretch.endedBy()), label,
                    roomRight ? x + w + 3 : x - 3, roomRight ? "start" : "end"));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            ticks.add(new Tick(LABEL + chart * i / 4, "+" + duration(Math.round(span * i / 4)), i == 4 ? "end" : i == 0 ? "start" : "middle"));
        }
        return new RunTimeline(WIDTH, y + 10, rows, outages, ticks);
    }

    /** A duration as people read it: 850 ms, 12.3 s, 4 min 05 s, 2 h 10 min. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(java.util.Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
