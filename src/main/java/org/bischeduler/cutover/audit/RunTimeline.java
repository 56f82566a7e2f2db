package org.bischeduler.cutover.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The run over time, as the record draws it: one row per step or people's task, a bar from its
 * start to its end, and the stretches when users had no service marked across all rows. Laid out
 * in a fixed coordinate space the page scales to its width; a long wait for people is drawn as a
 * break ({@link TimeAxis}), so the host's steps and the outage keep the width. Clock times are in
 * the configured time zone.
 */
record RunTimeline(double width, double height, List<Row> rows, List<Band> outages, List<Tick> ticks, List<Gap> breaks,
                   String zone) {

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

    /** A long wait for people, drawn shorter than its time: its label says how long it really was. */
    record Gap(double x, double width, String label, String title) {
    }

    /** Ticks closer than this to the one before are left out, so their clock times do not overlap. */
    private static final double TICK_ROOM = 70;

    static RunTimeline of(RunRecord record, Instant now, ZoneId zone) {
        List<RunRecord.TimelineEntry> entries = record.timeline().stream().filter(t -> t.startedAt() != null).toList();
        Instant start = record.summary().startedAt();
        Instant end = record.summary().endedAt() != null ? record.summary().endedAt() : now;
        for (RunRecord.TimelineEntry entry : entries) {
            end = later(end, entry.endedAt() != null ? entry.endedAt() : now);
        }
        double chart = WIDTH - LABEL - 10;
        TimeAxis axis = TimeAxis.of(start, end, busy(entries, record, now), LABEL, chart);
        List<Row> rows = new ArrayList<>();
        double y = TOP;
        for (RunRecord.TimelineEntry entry : entries) {
            Instant to = entry.endedAt() != null ? entry.endedAt() : now;
            double x = axis.x(entry.startedAt());
            double w = Math.max(2, axis.x(to) - x);
            String took = entry.endedAt() == null ? "still open" : duration(Duration.between(entry.startedAt(), to).toMillis());
            String who = entry.completedBy() == null ? "" : ", by " + entry.completedBy();
            rows.add(new Row(y, entry.name() == null ? entry.activityId() : entry.name(), entry.type().equals("user task") ? "user-task" : "step",
                    x, w, entry.name() + ": " + took + who + ", from " + clock(entry.startedAt(), zone), entry.endedAt() == null));
            y += ROW;
        }
        List<Band> outages = new ArrayList<>();
        for (RunRecord.Stretch stretch : record.downtime().stretches()) {
            Instant to = stretch.to() != null ? stretch.to() : now;
            double x = axis.x(stretch.from());
            double w = Math.max(2, axis.x(to) - x);
            String took = duration(Duration.between(stretch.from(), to).toMillis());
            String label = "no service " + took + (stretch.to() == null ? " so far" : "");
            boolean roomRight = x + w + 8 * label.length() < WIDTH;
            outages.add(new Band(x, w, "users had no service for " + (stretch.to() == null ? "so far " : "") + took
                    + " from " + clock(stretch.from(), zone) + (stretch.endedBy().isEmpty() ? "" : ", until " + stretch.endedBy()), label,
                    roomRight ? x + w + 3 : x - 3, roomRight ? "start" : "end"));
        }
        List<Gap> breaks = axis.breaks().stream().map(gap -> new Gap(gap.x(), gap.width(), "\u2248 " + duration(gap.millis()),
                "waiting for people from " + clock(gap.from(), zone) + " to " + clock(gap.to(), zone) + ": "
                        + duration(gap.millis()) + ", drawn shorter")).toList();
        return new RunTimeline(WIDTH, y + 10, rows, outages, ticks(axis, start, end, zone), breaks, zone.getId());
    }

    /** When something ran on the host: the steps, and the stretches users had no service. */
    private static List<TimeAxis.Busy> busy(List<RunRecord.TimelineEntry> entries, RunRecord record, Instant now) {
        List<TimeAxis.Busy> busy = new ArrayList<>();
        for (RunRecord.TimelineEntry entry : entries) {
            if (!entry.type().equals("user task")) {
                busy.add(new TimeAxis.Busy(entry.startedAt(), entry.endedAt() != null ? entry.endedAt() : now));
            }
        }
        for (RunRecord.Stretch stretch : record.downtime().stretches()) {
            busy.add(new TimeAxis.Busy(stretch.from(), stretch.to() != null ? stretch.to() : now));
        }
        return busy;
    }

    /** Clock times at the start, the end, and where the host's work starts again after each break. */
    private static List<Tick> ticks(TimeAxis axis, Instant start, Instant end, ZoneId zone) {
        List<Tick> ticks = new ArrayList<>();
        List<Instant> moments = new ArrayList<>(List.of(start));
        axis.breaks().forEach(gap -> moments.add(gap.to()));
        moments.add(end);
        for (Instant moment : moments) {
            double x = axis.x(moment);
            boolean last = moment.equals(end);
            if (!ticks.isEmpty() && x - ticks.get(ticks.size() - 1).x() < TICK_ROOM) {
                if (!last) {
                    continue;
                }
                ticks.remove(ticks.size() - 1);
            }
            ticks.add(new Tick(x, clock(moment, zone), ticks.isEmpty() ? "start" : last ? "end" : "middle"));
        }
        return ticks;
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

    /** A moment as a clock time in the zone, to the second. */
    static String clock(Instant moment, ZoneId zone) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", java.util.Locale.ROOT).format(moment.atZone(zone));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
