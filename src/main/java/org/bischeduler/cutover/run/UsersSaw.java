package org.bischeduler.cutover.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the prober on the host saw during one window: the longest stretch without a 200, each answer
 * that was not a 200 counted by status ("000" when nothing answered), and the span it asked over
 * (epoch milliseconds).
 */
public record UsersSaw(long longestMillis, Map<String, Integer> notOk, long from, long to) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What prober_report printed ({@code @probe.longestMs=…}), if the prober wrote anything. */
    public static Optional<UsersSaw> fromFacts(Map<String, String> facts) {
        return fromFacts(facts, "probe.");
    }

    /** What a prober reported under its own prefix (a script that reports two). */
    public static Optional<UsersSaw> fromFacts(Map<String, String> facts, String prefix) {
        String longest = facts.get(prefix + "longestMs");
        if (longest == null) {
            return Optional.empty();
        }
        Map<String, Integer> notOk = new TreeMap<>();
        for (String count : facts.getOrDefault(prefix + "not200", "").trim().split(" ")) {
            String[] parts = count.split(":");
            if (parts.length == 2) {
                notOk.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        return Optional.of(new UsersSaw(Long.parseLong(longest), notOk, Long.parseLong(facts.get(prefix + "from")),
                Long.parseLong(facts.get(prefix + "to"))));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record what the prober saw", e);
        }
    }

    /** What the run store kept; empty when nothing was kept. */
    public static Optional<UsersSaw> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, UsersSaw.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("what the prober saw cannot be read", e);
        }
    }

    /** "at most 120 ms without a 200 during the cutover (503 ×4)". */
    public String summary(String window) {
        return "at most " + longestMillis + " ms without a 200 during " + window + (notOk.isEmpty() ? "" : " (" + notOkText() + ")");
    }

    /** "no answer ×1, 503 ×4" (by status), or "none". */
    public String notOkText() {
        if (notOk.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        notOk.forEach((status, count) -> text.append(text.isEmpty() ? "" : ", ")
                .append("000".equals(status) ? "no answer" : status).append(" ×").append(count));
        return text.toString();
    }
}
