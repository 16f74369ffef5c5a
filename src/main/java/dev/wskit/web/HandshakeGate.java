package dev.wskit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Stands in front of every WebSocket path and answers what the WebSocket API cannot.
 *
 * <ul>
 *   <li>A request without {@code Upgrade: websocket} gets 426 and a short text saying what the path is.</li>
 *   <li>An upgrade request must be RFC 6455's, on every container alike (Jetty upgrades some that are not): a
 *       {@code Sec-WebSocket-Version} other than 13, or none, gets 426 with {@code Sec-WebSocket-Version: 13}
 *       (section 4.4); a missing, repeated or malformed {@code Sec-WebSocket-Key} (not the base64 of 16 bytes,
 *       section 4.2.1) gets 400. Both with a line of text saying what was wrong, before anything else is checked.</li>
 *   <li>An upgrade request is checked by the rules for every path ({@link #before}: 503 with {@code Retry-After}
 *       while draining), by the {@link Guard} (401 without a valid token, 429 past a per-address limit), then by
 *       the path's {@link Rule}; a refusal is an HTTP status (400 for a bad query, 403 for a foreign origin) with a
 *       one-line reason, before any WebSocket is created.</li>
 *   <li>Every refusal, the header checks' too, is told to {@link #onRefused} (metrics count them by their
 *       {@link Refusal#label() label}).</li>
 *   <li>An upgrade let through carries its {@link Handshake} (peer, loggable path) to the session.</li>
 * </ul>
 *
 * <p>Installed by {@code WskitBootstrap} ahead of the container's own upgrade filter, which is what makes an HTTP
 * status possible: JSR-356's {@code Configurator} has no way to refuse a handshake with one.
 *
 * <p>Thread-safe: routes may be added at start-up while requests run; rules must be thread-safe.
 */
public final class HandshakeGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** HTTP 426 (RFC 9110), which Servlet 6.0 has no constant for. */
    static final int UPGRADE_REQUIRED = 426;

    /** Decides whether an upgrade request may proceed. */
    @FunctionalInterface
    public interface Rule {
        /** @return {@code null} to let the upgrade proceed, or the refusal to send */
        Refusal check(HttpServletRequest request);
    }

    /**
     * An HTTP answer instead of an upgrade, with any headers it needs ({@code Retry-After}...). {@code label} names
     * the reason in metrics ({@code wskit_handshakes_rejected_total{reason}}): a short fixed word, never client
     * input.
     */
    public record Refusal(int status, String reason, String label, Map<String, String> headers) {
        public Refusal {
            headers = Map.copyOf(headers);
        }

        public Refusal(int status, String reason, String label) {
            this(status, reason, label, Map.of());
        }

        public static Refusal badRequest(String label, String reason) {
            return new Refusal(HttpServletResponse.SC_BAD_REQUEST, reason, label);
        }

        public static Refusal forbidden(String label, String reason) {
            return new Refusal(HttpServletResponse.SC_FORBIDDEN, reason, label);
        }
    }

    /**
     * Runs around every upgrade request of every route, ahead of the route's rule: per-address limits and sign-in
     * ({@code dev.wskit.edge.Edge}). Implementations must be thread-safe.
     */
    public interface Guard {
        /** @return {@code null} to let the request go on to the route's rule, or the refusal to send */
        Refusal admit(HttpServletRequest request, Route route);

        /** Called once per request: before a refusal is written, or once the upgrade is done or has failed. */
        void done(HttpServletRequest request, HttpServletResponse response);
    }

    /**
     * A WebSocket path: {@code pattern} is exact ({@code /echo}) or a prefix ending in {@code /*}
     * ({@code /rooms/*}); {@code about} is what a plain HTTP visitor is told.
     */
    public record Route(String pattern, String about, Rule rule) {
        boolean matches(String path) {
            return pattern.endsWith("/*")
                    ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                    : path.equals(pattern);
        }
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Rule> before = new CopyOnWriteArrayList<>();
    private volatile Guard guard;
    private volatile Consumer<Refusal> refused = r -> { };

    public void add(Route route) {
        routes.add(route);
    }

    /**
     * A rule for every WebSocket path, checked after the header checks and before the {@link Guard} and the path's
     * own rule (e.g. refusing upgrades while draining).
     */
    public void before(Rule rule) {
        before.add(rule);
    }

    /** Puts {@code guard} in front of every route's rule. */
    public void guard(Guard guard) {
        this.guard = guard;
    }

    /** Told of every refusal sent (metrics count them by label). Must be thread-safe and quick. */
    public void onRefused(Consumer<Refusal> listener) {
        refused = java.util.Objects.requireNonNull(listener);
    }

    /** The URL patterns to map this filter to. */
    public String[] patterns() {
        List<String> patterns = new ArrayList<>();
        for (Route r : routes) {
            patterns.add(r.pattern());
        }
        return patterns.toArray(String[]::new);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Route route = find(path);
        if (route == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!isUpgrade(request)) {
            response.setHeader("Upgrade", "websocket");
            answer(response, 426, "This is a WebSocket endpoint: " + route.about() + "\n"
                    + "Connect with a WebSocket client, for example: new WebSocket('ws://" + request.getHeader("Host")
                    + request.getContextPath() + path + "')\n");
            return;
        }
        Refusal early = checkWebSocketHeaders(request);
        for (int i = 0; early == null && i < before.size(); i++) {
            early = before.get(i).check(request);
        }
        if (early != null) {
            refuse(response, early);
            return;
        }
        Guard g = guard;
        Refusal refusal = g == null ? null : g.admit(request, route);
        boolean settled = false;
        try {
            if (refusal == null) {
                refusal = route.rule().check(request);
            }
            if (refusal != null) {
                // What the guard holds for this request (a connection place) is given back before the answer goes
                // out: a client that reads the refusal and tries again at once finds its place free.
                settled = true;
                if (g != null) {
                    g.done(request, response);
                }
                refuse(response, refusal);
                return;
            }
            // The container upgrades on this thread, within this call: the endpoint's configurator picks this up.
            Handshake.CURRENT.set(Handshake.of(request));
            try {
                chain.doFilter(request, response);
            } finally {
                Handshake.CURRENT.remove();
            }
        } finally {
            if (g != null && !settled) {
                g.done(request, response);
            }
        }
    }

    /**
     * RFC 6455's rules for the headers of an upgrade request: version 13 (else 426, section 4.4) and one
     * {@code Sec-WebSocket-Key} that is the base64 of 16 bytes (else 400, section 4.2.1).
     *
     * @return {@code null} when they hold, or the refusal to send
     */
    public static Refusal checkWebSocketHeaders(HttpServletRequest request) {
        List<String> versions = java.util.Collections.list(request.getHeaders("Sec-WebSocket-Version"));
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            return new Refusal(UPGRADE_REQUIRED, versions.isEmpty()
                    ? "Sec-WebSocket-Version is missing; this server speaks version 13 (RFC 6455)"
                    : "Sec-WebSocket-Version " + printable(String.join(", ", versions))
                            + " is not supported; this server speaks version 13 (RFC 6455)",
                    "version", Map.of("Sec-WebSocket-Version", "13"));
        }
        List<String> keys = java.util.Collections.list(request.getHeaders("Sec-WebSocket-Key"));
        if (keys.isEmpty()) {
            return Refusal.badRequest("key", "Sec-WebSocket-Key is missing (RFC 6455 section 4.1)");
        }
        if (keys.size() > 1 || !isWebSocketKey(keys.get(0).trim())) {
            return Refusal.badRequest("key", "Sec-WebSocket-Key must be one base64-encoded 16-byte value, 24 characters"
                    + " ending in == (RFC 6455 section 4.1)");
        }
        return null;
    }

    /** Whether {@code key} is the base64 encoding of exactly 16 bytes, padding included. */
    static boolean isWebSocketKey(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            return java.util.Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A client's value shown in an answer: printable ASCII only, at most 20 characters. */
    private static String printable(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7E]", "?");
        return "'" + (clean.length() <= 20 ? clean : clean.substring(0, 20) + "...") + "'";
    }

    /** Query parameters in the shape JSR-356's {@code Session#getRequestParameterMap()} uses. */
    public static Map<String, List<String>> queryOf(HttpServletRequest request) {
        Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> query.put(k, List.of(v)));
        return query;
    }

    private Route find(String path) {
        for (Route r : routes) {
            if (r.matches(path)) {
                return r;
            }
        }
        return null;
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.trim().equalsIgnoreCase("websocket");
    }

    private void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        refused.accept(refusal);
        refusal.headers().forEach(response::setHeader);
        answer(response, refusal.status(), "Upgrade refused: " + refusal.reason() + "\n");
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
