package org.bischeduler.cutover.values;

import org.springframework.web.util.HtmlUtils;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every form in which a secret could be shown: as it is, JSON-, HTML- and URL-escaped, and inside
 * base64 text (the part of the encoding that only the secret decides, at each of the three
 * offsets it can start at, in the standard and the URL-safe alphabet). A scrubber that looks for
 * the raw text alone lets an encoded copy through.
 */
public final class SecretForms {

    /** Base64 fragments shorter than this would match ordinary text. */
    private static final int SHORTEST_BASE64 = 6;

    private SecretForms() {
    }

    /** The forms of one secret, longest first, so a longer form is replaced before a part of it. */
    public static List<String> of(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(secret.replace("\\", "\\\\").replace("\"", "\\\""));
        forms.add(HtmlUtils.htmlEscape(secret));
        forms.add(HtmlUtils.htmlEscapeHex(secret));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        forms.addAll(base64(secret));
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return sorted;
    }

    /** Replaces every form of every secret (each at least three characters long) in the text with stars. */
    public static String scrub(String text, List<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (secret == null || secret.length() < 3) {
                continue;
            }
            for (String form : of(secret)) {
                result = result.replace(form, "****");
            }
        }
        return result;
    }

    /**
     * The characters of base64 text that lie wholly within the secret's bits, for the secret
     * starting 0, 1 or 2 bytes into a three-byte group.
     */
    private static List<String> base64(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        List<String> fragments = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            int firstBit = 8 * offset;
            int endBit = 8 * (offset + bytes.length);
            int from = (firstBit + 5) / 6;
            int to = endBit / 6;
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String encoded = encoder.encodeToString(shifted);
                if (to - from >= SHORTEST_BASE64 && to <= encoded.length()) {
                    fragments.add(encoded.substring(from, to));
                }
            }
        }
        return fragments;
    }
}
