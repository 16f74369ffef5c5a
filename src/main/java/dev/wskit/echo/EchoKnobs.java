package dev.wskit.echo;

import dev.wskit.codec.CloseCodes;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The test knobs of /echo and /inspect, parsed from the handshake's query string.
 *
 * <ul>
 *   <li>{@code delay} – milliseconds to wait before replying to each message (0 to {@link Setting#ECHO_MAX_DELAY});</li>
 *   <li>{@code repeat} – copies sent back per message (1 to {@link Setting#ECHO_MAX_REPEAT});</li>
 *   <li>{@code closeAfter} – the server closes after replying to this many messages;</li>
 *   <li>{@code closeCode}, {@code closeReason} – the close frame it then sends (default 1000, "");</li>
 *   <li>{@code pingInterval} – milliseconds between server pings.</li>
 * </ul>
 *
 * <p>Immutable. {@link #parse} is the single place that validates them: the handshake gate calls it to refuse a
 * bad query with HTTP 400, and the endpoint calls it again on open to read the values.
 */
public record EchoKnobs(Duration delay, int repeat, long closeAfter, int closeCode, String closeReason, Duration pingInterval) {

    /** The knobs of a plain echo: no delay, one copy, never close, no pings. */
    public static final EchoKnobs NONE = new EchoKnobs(Duration.ZERO, 1, 0, 1000, "", Duration.ZERO);

    /** The knobs, and access_token, which carries a sign-in token (README, Security) and is not a knob. */
    static final Set<String> NAMES = Set.of("delay", "repeat", "closeAfter", "closeCode", "closeReason", "pingInterval",
            dev.wskit.auth.Tokens.QUERY_PARAMETER);


    /** Thrown with a message a person can act on, naming the parameter. */
    public static final class InvalidKnobException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidKnobException(String message) {
            super(message);
        }
    }

    public static EchoKnobs parse(Map<String, List<String>> query, Settings settings) throws InvalidKnobException {
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!NAMES.contains(e.getKey())) {
                throw new InvalidKnobException("unknown parameter '" + e.getKey() + "'; known: closeAfter, closeCode, closeReason, delay, pingInterval, repeat");
            }
            if (e.getValue().size() > 1) {
                throw new InvalidKnobException("parameter '" + e.getKey() + "' given " + e.getValue().size() + " times; give it once");
            }
        }
        long delay = number(query, "delay", 0, 0, settings.get(Setting.ECHO_MAX_DELAY), "milliseconds");
        long repeat = number(query, "repeat", 1, 1, settings.get(Setting.ECHO_MAX_REPEAT), "copies");
        long closeAfter = number(query, "closeAfter", 0, 1, settings.get(Setting.ECHO_MAX_CLOSE_AFTER), "messages");
        long closeCode = number(query, "closeCode", 1000, 1000, 4999, "");
        if (!isSendableCloseCode((int) closeCode)) {
            throw new InvalidKnobException("closeCode " + closeCode + " cannot be sent in a close frame;"
                    + " use 1000-1003, 1007-1011 or 3000-4999");
        }
        String closeReason = value(query, "closeReason");
        if (closeReason == null) {
            closeReason = "";
        } else if (closeReason.getBytes(StandardCharsets.UTF_8).length > CloseCodes.MAX_REASON_BYTES) {
            throw new InvalidKnobException("closeReason is longer than " + CloseCodes.MAX_REASON_BYTES + " bytes in UTF-8");
        }
        if ((query.containsKey("closeCode") || query.containsKey("closeReason")) && !query.containsKey("closeAfter")) {
            throw new InvalidKnobException("closeCode and closeReason need closeAfter (how many messages before the close)");
        }
        long ping = query.containsKey("pingInterval")
                ? number(query, "pingInterval", 0, settings.get(Setting.ECHO_MIN_PING_INTERVAL), settings.get(Setting.ECHO_MAX_PING_INTERVAL), "milliseconds")
                : 0;
        return new EchoKnobs(Duration.ofMillis(delay), (int) repeat, closeAfter, (int) closeCode, closeReason, Duration.ofMillis(ping));
    }

    /** RFC 6455 section 7.4: the codes an endpoint may put in a close frame. */
    public static boolean isSendableCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    private static String value(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static long number(Map<String, List<String>> query, String name, long absent, long min, long max, String unit)
            throws InvalidKnobException {
        String raw = value(query, name);
        if (raw == null) {
            return absent;
        }
        long n;
        try {
            n = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidKnobException(name + " must be a whole number, not '" + abbreviate(raw) + "'");
        }
        if (n < min || n > max) {
            throw new InvalidKnobException(name + " must be between " + min + " and " + max + (unit.isEmpty() ? "" : " " + unit) + ", not " + n);
        }
        return n;
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
