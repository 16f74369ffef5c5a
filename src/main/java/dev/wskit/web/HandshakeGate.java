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
 *   <li>An upgrade request is checked by the guards (every path: 503 while draining) and then by the path's
 *       {@link Rule}; a refusal is an HTTP status (400 for a bad query, 403 for a foreign origin, 503 with
 *       {@code Retry-After} while draining) with a one-line reason, before any WebSocket is created, and is counted
 *       by its {@link Refusal#label() label}.</li>
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

    /** Decides whether an upgrade request may proceed. */
    @FunctionalInterface
    public interface Rule {
        /** @return {@code null} to let the upgrade proceed, or the refusal to send */
        Refusal check(HttpServletRequest request);
    }

    /**
     * An HTTP answer instead of an upgrade. {@code label} names the reason in metrics
     * ({@code wskit_handshakes_rejected_total{reason}}): a short fixed word, never client input. {@code retryAfter}
     * is the {@code Retry-After} header in seconds, or -1 for none.
     */
    public record Refusal(int status, String reason, String label, long retryAfter) {
        public Refusal(int status, String reason, String label) {
            this(status, reason, label, -1);
        }

        public Refusal(int status, String reason) {
            this(status, reason, status == HttpServletResponse.SC_FORBIDDEN ? "forbidden" : "bad-request");
        }

        public static Refusal badRequest(String reason) {
            return new Refusal(HttpServletResponse.SC_BAD_REQUEST, reason);
        }

        public static Refusal badRequest(String label, String reason) {
            return new Refusal(HttpServletResponse.SC_BAD_REQUEST, reason, label);
        }

        public static Refusal forbidden(String reason) {
            return new Refusal(HttpServletResponse.SC_FORBIDDEN, reason);
        }

        public static Refusal forbidden(String label, String reason) {
            return new Refusal(HttpServletResponse.SC_FORBIDDEN, reason, label);
        }
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
    private final List<Rule> guards = new CopyOnWriteArrayList<>();
    private volatile Consumer<Refusal> refused = r -> { };

    public void add(Route route) {
        routes.add(route);
    }

    /** A rule for every WebSocket path, checked before the path's own (e.g. refusing upgrades while draining). */
    public void guard(Rule rule) {
        guards.add(rule);
    }

    /** Told of every refusal sent (metrics count them by label). Must be thread-safe and quick. */
    public void onRefused(Consumer<Refusal> listener) {
        refused = listener;
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
        Refusal refusal = check(route, request);
        if (refusal != null) {
            refused.accept(refusal);
            if (refusal.retryAfter() >= 0) {
                response.setHeader("Retry-After", Long.toString(refusal.retryAfter()));
            }
            answer(response, refusal.status(), "Upgrade refused: " + refusal.reason() + "\n");
            return;
        }
        // The container upgrades on this thread, within this call: the endpoint's configurator picks this up.
        Handshake.CURRENT.set(Handshake.of(request));
        try {
            chain.doFilter(request, response);
        } finally {
            Handshake.CURRENT.remove();
        }
    }

    private Refusal check(Route route, HttpServletRequest request) {
        for (Rule guard : guards) {
            Refusal refusal = guard.check(request);
            if (refusal != null) {
                return refusal;
            }
        }
        return route.rule().check(request);
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

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
