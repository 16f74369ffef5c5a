package dev.wskit.web;

import dev.wskit.ops.Peer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * What the HTTP side of an upgrade knew that JSR-356 does not say portably: who connected ({@link Peer}) and the
 * path with its query, for the connection log ({@link #path()} never holds an {@code access_token}).
 *
 * <p>The {@link HandshakeGate} makes one for each upgrade it lets through and holds it in a thread-local while the
 * container upgrades on that same thread (Jetty's and Tomcat's upgrade filters call the endpoint's configurator
 * synchronously); the endpoints' configurator ({@code dev.wskit.edge.EdgeConfigurator}) takes it from
 * {@link #current()}, with the client address the edge resolved through a trusted proxy
 * ({@link #forwardedFor}), into the new session's user properties, where {@link #of(Map)} finds it. Immutable.
 */
public record Handshake(Peer peer, String path) {

    /** User property under which a session finds its handshake. */
    public static final String PROPERTY = Handshake.class.getName();

    /** Longest path kept for the log, in characters. */
    static final int MAX_PATH = 512;

    static final ThreadLocal<Handshake> CURRENT = new ThreadLocal<>();

    /** The handshake of {@code request}, as the gate lets it through. */
    public static Handshake of(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return new Handshake(Peer.of(request), loggable(uri, request.getQueryString()));
    }

    /** The handshake the gate is letting through on this thread, while the container upgrades; {@code null} else. */
    public static Handshake current() {
        return CURRENT.get();
    }

    /** This handshake, from a client whose address a trusted proxy forwarded. */
    public Handshake forwardedFor(String client) {
        return new Handshake(new Peer(peer.remote(), client, peer.proxied()), path);
    }

    /** The handshake stored in a session's (or endpoint config's) user properties; {@code null} if none. */
    public static Handshake of(Map<String, Object> userProperties) {
        return userProperties.get(PROPERTY) instanceof Handshake h ? h : null;
    }

    /**
     * {@code path?query} for a log line: without {@code access_token} parameters (tokens in the query are how browsers
     * sign in to WebSockets), without control characters, cut at {@link #MAX_PATH} characters.
     */
    static String loggable(String path, String query) {
        StringBuilder out = new StringBuilder(path);
        if (query != null && !query.isEmpty()) {
            char sep = '?';
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (pair.isEmpty() || name.equalsIgnoreCase("access_token") || name.equalsIgnoreCase("access%5Ftoken")) {
                    continue;
                }
                out.append(sep).append(pair);
                sep = '&';
            }
        }
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.setCharAt(i, '?');
            }
        }
        return out.length() <= MAX_PATH ? out.toString() : out.substring(0, MAX_PATH) + "...";
    }
}
