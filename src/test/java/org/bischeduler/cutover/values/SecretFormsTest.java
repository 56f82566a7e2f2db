package org.bischeduler.cutover.values;

import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A secret is found and masked in every form a page, a JSON answer or a report could show it in. */
class SecretFormsTest {

    private static final String SECRET = "s3cr&t\"<pw>/+x";

    @Test
    void aSecretIsMaskedRawEscapedAndInsideBase64AtEveryOffset() {
        for (String prefix : List.of("", "a", "ab", "abc")) {
            String text = prefix + "--db-password=" + SECRET + " more";
            for (String shown : List.of(text, HtmlUtils.htmlEscape(text), HtmlUtils.htmlEscapeHex(text),
                    URLEncoder.encode(text, StandardCharsets.UTF_8), text.replace("\"", "\\\""),
                    Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)),
                    Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)))) {
                String scrubbed = SecretForms.scrub(shown, List.of(SECRET));
                assertThat(scrubbed).as(shown).contains("****");
                assertThat(decodedIfBase64(scrubbed)).as(shown).doesNotContain("s3cr&t").doesNotContain("s3cr");
            }
        }
    }

    @Test
    void textWithoutTheSecretIsLeftAlone() {
        String text = "nginx -t passes; Y29tbW9uIHRleHQ= is base64 of common text";
        assertThat(SecretForms.scrub(text, List.of(SECRET, "ab"))).isEqualTo(text);
    }

    /** What is left readable of a scrubbed base64 text: its whole four-character groups before the mask. */
    private static String decodedIfBase64(String scrubbed) {
        if (!scrubbed.matches("[A-Za-z0-9+/_=*-]+")) {
            return scrubbed;
        }
        String head = scrubbed.substring(0, scrubbed.indexOf("****"));
        head = head.substring(0, head.length() - head.length() % 4).replace('-', '+').replace('_', '/');
        return new String(Base64.getDecoder().decode(head), StandardCharsets.UTF_8);
    }
}
