package org.bischeduler.cutover.audit;

import java.util.List;

/**
 * One page of the run list, newest first.
 *
 * @param number the page, from 1
 * @param total  how many runs the filter matched, on every page
 */
public record RunPage(List<RunRecord.RunSummary> runs, int number, int size, int total) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    /** The page of the given runs (the whole filtered list, newest first). */
    public static RunPage of(List<RunRecord.RunSummary> all, int number, int size) {
        int from = Math.min((number - 1) * size, all.size());
        return new RunPage(all.subList(from, Math.min(from + size, all.size())), number, size, all.size());
    }

    public int pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return number > 1;
    }

    public boolean hasNext() {
        return number < pages();
    }

    /** "runs 51 to 100 of 123", or "no runs". */
    public String shown() {
        if (runs.isEmpty()) {
            return total == 0 ? "no runs" : "no runs on page " + number + " of " + pages();
        }
        int first = (number - 1) * size + 1;
        return "runs " + first + " to " + (first + runs.size() - 1) + " of " + total;
    }
}
