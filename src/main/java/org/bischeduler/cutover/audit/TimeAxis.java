package org.bischeduler.cutover.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The timeline's time axis. A run's host steps take seconds and its people's tasks may take days,
 * so a stretch in which nothing ran on the host (only people were waited for) and that is longer
 * than {@link #LONG_WAIT} is drawn as a break of fixed width; the rest of the width is shared, in
 * proportion to time, by what happened on the host.
 */
final class TimeAxis {

    /** A wait for people longer than this is drawn as a break. */
    static final Duration LONG_WAIT = Duration.ofSeconds(10);
    /** How wide a break is drawn, in the timeline's units. */
    static final double BREAK = 46;

    /** A stretch of the axis: drawn to scale, or a break standing for a long wait. */
    record Segment(Instant from, Instant to, double x, double width, boolean isBreak) {

        long millis() {
            return Duration.between(from, to).toMillis();
        }
    }

    /** An interval in which something ran on the host (a step, or users without service). */
    record Busy(Instant from, Instant to) {
    }

    private final List<Segment> segments;

    private TimeAxis(List<Segment> segments) {
        this.segments = segments;
    }

    static TimeAxis of(Instant start, Instant end, List<Busy> busy, double x, double width) {
        List<Segment> stretches = new ArrayList<>();
        Instant at = start;
        for (Busy interval : merged(busy, start, end)) {
            if (interval.from().isAfter(at)) {
                stretches.add(new Segment(at, interval.from(), 0, 0, isLong(at, interval.from())));
            }
            stretches.add(new Segment(interval.from(), interval.to(), 0, 0, false));
            at = interval.to();
        }
        if (end.isAfter(at) || stretches.isEmpty()) {
            stretches.add(new Segment(at, end, 0, 0, isLong(at, end)));
        }
        long breaks = stretches.stream().filter(Segment::isBreak).count();
        double toScale = Math.max(1, stretches.stream().filter(s -> !s.isBreak()).mapToLong(Segment::millis).sum());
        double scaledWidth = width - breaks * BREAK;
        List<Segment> laidOut = new ArrayList<>();
        double left = x;
        for (Segment stretch : stretches) {
            double w = stretch.isBreak() ? BREAK : scaledWidth * stretch.millis() / toScale;
            laidOut.add(new Segment(stretch.from(), stretch.to(), left, w, stretch.isBreak()));
            left += w;
        }
        return new TimeAxis(laidOut);
    }

    /** Where a moment lies on the axis (inside a break, in proportion to the wait). */
    double x(Instant moment) {
        Segment last = segments.get(segments.size() - 1);
        for (Segment segment : segments) {
            if (!moment.isAfter(segment.to())) {
                if (moment.isBefore(segment.from())) {
                    return segment.x();
                }
                double part = segment.millis() == 0 ? 0 : (double) Duration.between(segment.from(), moment).toMillis() / segment.millis();
                return segment.x() + segment.width() * part;
            }
        }
        return last.x() + last.width();
    }

    List<Segment> segments() {
        return segments;
    }

    List<Segment> breaks() {
        return segments.stream().filter(Segment::isBreak).toList();
    }

    private static boolean isLong(Instant from, Instant to) {
        return Duration.between(from, to).compareTo(LONG_WAIT) > 0;
    }

    /** The busy intervals within [start, end], overlapping ones joined, in order. */
    private static List<Busy> merged(List<Busy> busy, Instant start, Instant end) {
        List<Busy> sorted = busy.stream()
                .map(b -> new Busy(b.from().isBefore(start) ? start : b.from(), b.to().isAfter(end) ? end : b.to()))
                .filter(b -> b.to().isAfter(b.from()))
                .sorted(Comparator.comparing(Busy::from)).toList();
        List<Busy> joined = new ArrayList<>();
        for (Busy next : sorted) {
            Busy previous = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (previous != null && !next.from().isAfter(previous.to())) {
                joined.set(joined.size() - 1, new Busy(previous.from(), next.to().isAfter(previous.to()) ? next.to() : previous.to()));
            } else {
                joined.add(next);
            }
        }
        return joined;
    }
}
