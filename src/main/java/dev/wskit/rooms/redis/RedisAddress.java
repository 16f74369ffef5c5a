package dev.wskit.rooms.redis;

import dev.wskit.config.Settings;
import io.lettuce.core.RedisURI;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Redis a node connects to, parsed from {@code wskit.backplane}: {@code redis://[user:password@]host[:port][/db]},
 * {@code rediss://} for TLS (the JVM's trust store verifies the server). The port defaults to 6379, the database to
 * 0; {@code :password@} alone authenticates as the default user. Reserved characters in the user and password are
 * percent-encoded ({@code %40} for {@code @}).
 *
 * <p>The password never appears in {@link #toString()} nor in any error message. Immutable.
 */
public final class RedisAddress {

    /** The setting this address comes from, named in every error message. */
    public static final String SETTING = "wskit.backplane";

    private static final String FORMAT = "'local' or redis://[user:password@]host[:port][/db] (rediss:// for TLS)";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9_.-]+)?");

    private final boolean tls;
    private final String host;
    private final int port;
    private final int database;
    private final String user;
    private final String password;

    private RedisAddress(boolean tls, String host, int port, int database, String user, String password) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /**
     * The Redis named by a {@code wskit.backplane} value, or empty for {@code local} (any case) and blank.
     *
     * @throws IllegalArgumentException naming the setting and the expected form, never quoting the password
     */
    public static Optional<RedisAddress> fromSetting(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("local")) {
            return Optional.empty();
        }
        return Optional.of(parse(value));
    }

    /** @throws IllegalArgumentException as {@link #fromSetting} */
    public static RedisAddress parse(String value) {
        String v = value.trim();
        int sep = v.indexOf("://");
        if (sep < 0) {
            throw bad(v, "no scheme");
        }
        String scheme = v.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw bad(v, "the scheme must be redis or rediss, not '" + clip(scheme) + "'");
        }
        String rest = v.substring(sep + 3);
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        String afterUser = rest.substring(at + 1);
        if (afterUser.indexOf('?') >= 0 || afterUser.indexOf('#') >= 0) {
            throw bad(v, "query parameters and fragments are not supported");
        }
        int slash = afterUser.indexOf('/');
        String hostPort = slash < 0 ? afterUser : afterUser.substring(0, slash);
        String path = slash < 0 ? "" : afterUser.substring(slash);

        String user = null;
        String password = null;
        if (userInfo != null) {
            if (userInfo.indexOf('/') >= 0) {
                throw bad(v, "a '/' in the user or password must be percent-encoded (%2F)");
            }
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw bad(v, "write user:password, or :password for the default user");
            }
            user = colon == 0 ? null : decode(userInfo.substring(0, colon), v, "user");
            password = decode(userInfo.substring(colon + 1), v, "password");
            if (password.isEmpty()) {
                throw bad(v, "the password is empty");
            }
        }

        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw bad(v, "an IPv6 address needs its closing ']'");
            }
            host = hostPort.substring(1, close);
            if (!IPV6.matcher(host).matches()) {
                throw bad(v, "'" + clip(host) + "' is not an IPv6 address");
            }
            String tail = hostPort.substring(close + 1);
            if (!tail.isEmpty()) {
                if (!tail.startsWith(":")) {
                    throw bad(v, "unexpected '" + clip(tail) + "' after the IPv6 address");
                }
                portText = tail.substring(1);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
            if (host.isEmpty()) {
                throw bad(v, "the host is missing");
            }
            if (!HOST.matcher(host).matches()) {
                throw bad(v, "'" + clip(host) + "' is not a host name or address");
            }
        }
        int port = portText == null ? RedisURI.DEFAULT_REDIS_PORT : number(portText, 1, 65_535, v, "port");
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            database = number(path.substring(1), 0, Integer.MAX_VALUE, v, "database");
        }
        return new RedisAddress(scheme.equals("rediss"), host, port, database, user, password);
    }

    public boolean tls() {
        return tls;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int database() {
        return database;
    }

    /** The ACL user; {@code null} for the default user. */
    public String user() {
        return user;
    }

    public boolean hasPassword() {
        return password != null;
    }

    /** The Lettuce URI, with {@code timeout} as its command timeout and {@code clientName} shown by CLIENT LIST. */
    RedisURI toRedisUri(Duration timeout, String clientName) {
        RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port).withDatabase(database).withSsl(tls)
                .withTimeout(timeout).withClientName(clientName);
        if (password != null) {
            if (user != null) {
                b.withAuthentication(user, password.toCharArray());
            } else {
                b.withPassword(password.toCharArray());
            }
        }
        return b.build();
    }

    /** {@code redis://user:***@host:port/db}: safe to log. */
    @Override
    public String toString() {
        String auth = password == null ? "" : (user == null ? "" : user) + ":***@";
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "rediss" : "redis") + "://" + auth + h + ":" + port + "/" + database;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisAddress a && a.tls == tls && a.host.equals(host) && a.port == port
                && a.database == database && java.util.Objects.equals(a.user, user)
                && java.util.Objects.equals(a.password, password);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(tls, host, port, database, user);
    }

    private static int number(String text, int min, int max, String value, String what) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(value, "the " + what + " must be a whole number, not '" + clip(text) + "'");
        }
        long n = Long.parseLong(text);
        if (n < min || n > max) {
            throw bad(value, "the " + what + " must be " + min + " to " + max + ", not " + n);
        }
        return (int) n;
    }

    private static String decode(String s, String value, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw bad(value, "the " + what + " has a malformed percent escape");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw bad(value, "the " + what + " is not UTF-8 once decoded");
        }
    }

    private static IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException(SETTING + " must be " + FORMAT + ", not '" + redact(value) + "': " + why);
    }

    /** The value without its password ({@link Settings#withoutPassword}), clipped. */
    static String redact(String value) {
        return clip(Settings.withoutPassword(value));
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
