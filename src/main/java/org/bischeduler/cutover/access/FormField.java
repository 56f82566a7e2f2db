package org.bischeduler.cutover.access;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One field of a Camunda Form as its JSON declares it, and what a submission of it may hold.
 *
 * @param options  for radio and select fields, the values offered; empty for others
 * @param readOnly shown, never set: a submission may only repeat the value it was shown
 * @param pattern  for text fields, the regular expression the whole value must match, or null
 * @param perTarget when an answer is given for a whole wave, each target keeps its own value of this
 *                  field (the component's custom property {@code wave} is {@code own}): a target's own announcement, say
 */
record FormField(String key, String type, List<String> options, boolean readOnly, boolean required, String pattern,
                 boolean perTarget) {

    /** A process variable holds 4000 characters of text. */
    static final int TEXT_LIMIT = 4000;

    static FormField parse(JsonNode component) {
        List<String> options = new ArrayList<>();
        component.path("values").forEach(option -> options.add(option.path("value").asText()));
        JsonNode validate = component.path("validate");
        return new FormField(component.path("key").asText(), component.path("type").asText(), List.copyOf(options),
                component.path("readonly").asBoolean(false) || component.path("disabled").asBoolean(false),
                validate.path("required").asBoolean(false),
                validate.hasNonNull("pattern") ? validate.path("pattern").asText() : null,
                "own".equals(component.path("properties").path("wave").asText("")));
    }

    /** What is wrong with a submitted value, or empty when it is acceptable. */
    Optional<String> problem(Object value, Object current) {
        if (readOnly) {
            return Objects.equals(text(value), text(current)) ? Optional.empty()
                    : Optional.of("'" + key + "' is shown read-only and cannot be set");
        }
        if (value == null) {
            return required ? Optional.of("'" + key + "' is required") : Optional.empty();
        }
        switch (type) {
            case "checkbox":
                if (!(value instanceof Boolean checked)) {
                    return Optional.of("'" + key + "' must be true or false");
                }
                return required && !checked ? Optional.of("'" + key + "' must be confirmed (true)") : Optional.empty();
            case "radio":
            case "select":
                return options.contains(value) ? Optional.empty()
                        : Optional.of("'" + key + "' must be one of " + options + ", got '" + limited(value) + "'");
            case "datetime":
                return value instanceof String text && isDateTime(text) ? Optional.empty()
                        : Optional.of("'" + key + "' must be an ISO date and time such as 2026-12-01T22:00:00Z, got '"
                        + limited(value) + "'");
            default:
                return textProblem(value);
        }
    }

    private Optional<String> textProblem(Object value) {
        if (!(value instanceof String text)) {
            return Optional.of("'" + key + "' must be text");
        }
        if (required && text.isBlank()) {
            return Optional.of("'" + key + "' is required");
        }
        if (text.length() > TEXT_LIMIT) {
            return Optional.of("'" + key + "' holds at most " + TEXT_LIMIT + " characters, got " + text.length());
        }
        if (pattern != null && !Pattern.compile(pattern).matcher(text).matches()) {
            return Optional.of("'" + key + "' must match " + pattern + ", got '" + limited(text) + "'");
        }
        return Optional.empty();
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException withoutOffset) {
            try {
                LocalDateTime.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    static String limitedName(String name) {
        return limited(name);
    }

    /** A refused value, cut and with its control characters shown, so a message never carries a payload whole. */
    private static String limited(Object value) {
        String text = String.valueOf(value).replace("\n", "\\n").replace("\r", "\\r");
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
