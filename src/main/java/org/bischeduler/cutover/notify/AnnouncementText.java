package org.bischeduler.cutover.notify;

import org.bischeduler.cutover.config.TargetConfig;

import java.text.MessageFormat;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * What an announcement to the app's users says, in their language (announcements/messages_*.properties)
 * with the window's start as a date and time in their zone, never as an ISO instant.
 */
final class AnnouncementText {

    /** The three things users are told: the window ahead, the change done, the change called off. */
    enum Kind {
        WINDOW("window"), DONE("done"), CALLED_OFF("called-off");

        private final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    record Text(String subject, String body) {
    }

    private AnnouncementText() {
    }

    static Text of(Kind kind, TargetConfig.Users users, String windowStart, String newAddress, String oldAddress, String change) {
        Locale locale = Locale.forLanguageTag(users.language());
        ResourceBundle messages = ResourceBundle.getBundle("announcements.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Object[] values = {when(windowStart, users, messages.getString("date"), locale), newAddress, oldAddress, change};
        return new Text(format(messages.getString(kind.key + ".subject"), values, locale),
                format(messages.getString(kind.key + ".text"), values, locale));
    }

    /** The window's start in the users' zone and words; left as it is when it is not an instant. */
    static String when(String windowStart, TargetConfig.Users users, String pattern, Locale locale) {
        try {
            // as the start form and the API give it: with or without seconds
            return DateTimeFormatter.ofPattern(pattern, locale).withZone(users.zone()).format(OffsetDateTime.parse(windowStart));
        } catch (DateTimeParseException e) {
            return windowStart;
        }
    }

    private static String format(String pattern, Object[] values, Locale locale) {
        return new MessageFormat(pattern, locale).format(values);
    }
}
