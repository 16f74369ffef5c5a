package dev.wskit.auth;

import dev.wskit.auth.TokenRefused.Reason;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a token travels and how it is kept out of logs. A client sends it as the {@code access_token} query
 * parameter (the only carrier a browser's {@code new WebSocket(url)} can set) or as an
 * {@code Authorization: Bearer} header (RFC 6750, for other clients), not both. Everything that shows a request
 * (logs, {@code /inspect}) passes its URI, query and headers through the {@code redact} methods first.
 *
 * <p>Stateless; thread-safe.
 */
public final class Tokens {

    /** The query parameter that carries a token. */
    public static final String QUERY_PARAMETER = "access_token";

    /** What stands in for a token wherever a request is shown. */
    public static final String REDACTED = "[redacted]";

    private static final Pattern IN_QUERY = Pattern.compile("(?i)((?:^|[?&;])access(?:_|%5f)token=)[^&;#]*");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer[ \\t]+(\\S*)[ \\t]*");

    private Tokens() {
    }

    /**
     * The token of an upgrade request, or {@code null} when it carries none.
     *
     * @throws TokenRefused (malformed) when the request carries a token twice, or an empty one
     */
    public static String of(HttpServletRequest request) throws TokenRefused {
        String[] query = request.getParameterValues(QUERY_PARAMETER);
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        String fromHeader = null;
        int bearers = 0;
        for (String h : headers) {
            Matcher m = BEARER.matcher(h.trim());
            if (m.matches()) {
                bearers++;
                fromHeader = m.group(1);
            }
        }
        int carried = (query == null ? 0 : query.length) + bearers;
        if (carried == 0) {
            return null;
        }
        if (carried > 1) {
            throw new TokenRefused(Reason.MALFORMED, "malformed request: send one token, either the access_token"
                    + " query parameter or an Authorization: Bearer header");
        }
        String token = query != null ? query[0] : fromHeader;
        if (token.isEmpty()) {
            throw new TokenRefused(Reason.MALFORMED, "malformed token: it is empty");
        }
        return token;
    }

    /** A request URI with its query, the value of any {@code access_token} replaced by {@link #REDACTED}. */
    public static String redactUri(String uri) {
        return uri == null || !uri.toLowerCase(Locale.ROOT).contains("token=") ? uri
                : IN_QUERY.matcher(uri).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
    }

    /** Query parameters with the value of {@code access_token} replaced. */
    public static Map<String, List<String>> redactQuery(Map<String, List<String>> query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        query.forEach((k, v) -> out.put(k, k.equalsIgnoreCase(QUERY_PARAMETER)
                ? Collections.nCopies(v.size(), REDACTED) : v));
        return out;
    }

    /** A header's values, with credentials replaced when it is {@code Authorization}. */
    public static List<String> redactHeader(String name, List<String> values) {
        if (!name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("Proxy-Authorization")) {
            return values;
        }
        return values.stream().map(v -> {
            String trimmed = v.trim();
            int space = trimmed.indexOf(' ');
            return space > 0 ? trimmed.substring(0, space) + " " + REDACTED : REDACTED;
        }).toList();
    }
}
