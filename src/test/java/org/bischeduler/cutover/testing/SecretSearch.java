package org.bischeduler.cutover.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.springframework.web.util.HtmlUtils;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for a secret in a text in every form a page, an answer, a report or a message could carry
 * it: raw, JSON-escaped, HTML-escaped, URL-encoded, and inside any base64 text (each run of base64
 * characters decoded from each of its four possible starts, standard and URL-safe alphabets).
 * Written apart from the product's own scrubber, so a test does not check the scrubber with itself.
 */
public final class SecretSearch {

    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");

    private SecretSearch() {
    }

    /** The forms in which the secret is in the text; empty when it is in none. */
    public static List<String> formsIn(String text, String secret) {
        List<String> found = new ArrayList<>();
        if (text.contains(secret)) {
            found.add("raw");
        }
        String json = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
        if (!json.equals(secret) && text.contains(json)) {
            found.add("JSON-escaped");
        }
        for (String html : List.of(HtmlUtils.htmlEscape(secret), HtmlUtils.htmlEscapeDecimal(secret), HtmlUtils.htmlEscapeHex(secret))) {
            if (!html.equals(secret) && text.contains(html)) {
                found.add("HTML-escaped");
                break;
            }
        }
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        if (!url.equals(secret) && (text.contains(url) || text.contains(url.replace("+", "%20")))) {
            found.add("URL-encoded");
        }
        if (inBase64(text, secret)) {
            found.add("base64");
        }
        return found;
    }

    private static boolean inBase64(String text, String secret) {
        Matcher runs = BASE64_RUN.matcher(text);
        while (runs.find()) {
            String run = runs.group().replaceAll("=+$", "").replace('-', '+').replace('_', '/');
            for (int start = 0; start < 4 && start < run.length(); start++) {
                String aligned = run.substring(start);
                aligned = aligned.substring(0, aligned.length() - aligned.length() % 4);
                try {
                    String decoded = new String(Base64.getDecoder().decode(aligned), StandardCharsets.ISO_8859_1);
                    if (decoded.contains(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                        return true;
                    }
                } catch (IllegalArgumentException notBase64) {
                    // not at this start
                }
            }
        }
        return false;
    }
}
