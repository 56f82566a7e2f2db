package org.bischeduler.cutover.notify;

import org.bischeduler.cutover.config.TargetConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the app's users read: their language, their clock, the public addresses. */
class AnnouncementTextTest {

    private static final String START = "2026-12-02T15:08:37.387739506Z";
    private static final String NEW = "https://horarios.colegio.example/bischeduler/";
    private static final String OLD = "https://horarios.colegio.example/scheduler/";

    @Test
    void theWindowIsAnnouncedInSpanishWithMadridsTime() {
        AnnouncementText.Text text = AnnouncementText.of(AnnouncementText.Kind.WINDOW, new TargetConfig.Users("Europe/Madrid", "es"),
                START, NEW, OLD, "CHG-1234");

        assertThat(text.subject()).isEqualTo("Mantenimiento el miércoles 2 de diciembre de 2026 a las 16:08 CET: la aplicación se traslada a " + NEW);
        assertThat(text.body()).startsWith("El miércoles 2 de diciembre de 2026 a las 16:08 CET la aplicación de " + OLD
                + " se sustituye por su nueva versión en " + NEW + ".").endsWith("\n\nCambio CHG-1234.");
    }

    @Test
    void theWindowIsAnnouncedInEnglishWithNewYorksTime() {
        AnnouncementText.Text text = AnnouncementText.of(AnnouncementText.Kind.WINDOW, new TargetConfig.Users("America/New_York", "en"),
                START, NEW, OLD, "CHG-1234");

        assertThat(text.subject()).isEqualTo("Maintenance on Wednesday, December 2, 2026 at 10:08 EST: the application moves to " + NEW);
        assertThat(text.body()).doesNotContain("T15:08").doesNotContain("Z ").contains("please update your bookmarks");
        // as the start form gives it, without seconds
        assertThat(AnnouncementText.of(AnnouncementText.Kind.WINDOW, new TargetConfig.Users("Europe/Madrid", "es"),
                "2026-11-05T09:00Z", NEW, OLD, "CHG-1").subject()).startsWith("Mantenimiento el jueves 5 de noviembre de 2026 a las 10:00 CET:");
    }

    @Test
    void theOutcomeIsToldInTheSameLanguage() {
        TargetConfig.Users spanish = new TargetConfig.Users("Europe/Madrid", "es");
        assertThat(AnnouncementText.of(AnnouncementText.Kind.DONE, spanish, START, NEW, OLD, "CHG-1").subject())
                .isEqualTo("Mantenimiento terminado: la aplicación está en " + NEW);
        assertThat(AnnouncementText.of(AnnouncementText.Kind.CALLED_OFF, spanish, START, NEW, OLD, "CHG-1").body())
                .isEqualTo("El cambio CHG-1 se canceló y se deshizo: la aplicación responde en " + OLD
                        + " como antes. Se anunciará una nueva fecha.");
    }

    @Test
    void everyLanguageSaysEverythingEnglishSays() throws Exception {
        java.util.Properties english = messages("en");
        for (String language : TargetConfig.LANGUAGES) {
            assertThat(messages(language).stringPropertyNames()).as(language).isEqualTo(english.stringPropertyNames());
        }
    }

    private static java.util.Properties messages(String language) throws java.io.IOException {
        java.util.Properties messages = new java.util.Properties();
        try (var in = AnnouncementTextTest.class.getResourceAsStream("/announcements/messages_" + language + ".properties")) {
            assertThat(in).as("announcements/messages_" + language + ".properties").isNotNull();
            messages.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return messages;
    }
}
