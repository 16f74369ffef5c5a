package dev.wskit.echo;

import dev.wskit.auth.Tokens;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP layer saw of one handshake: addresses, headers and the container, none of which JSR-356's
 * {@code HandshakeRequest} exposes portably.
 *
 * <p>The handshake gate records the facts under the request's {@code Sec-WebSocket-Key} in the runtime's
 * {@link Pending} store; the inspection endpoint's configurator takes them back during the same handshake.
 * Immutable.
 */
public record HandshakeFacts(
        String remoteAddress, int remotePort, String localAddress, int localPort, boolean secure,
        String method, String requestUri, Map<String, List<String>> headers, String container) {

    static HandshakeFacts of(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, List.copyOf(Tokens.redactHeader(name, Collections.list(request.getHeaders(name)))));
        }
        String uri = Tokens.redactUri(request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        return new HandshakeFacts(request.getRemoteAddr(), request.getRemotePort(), request.getLocalAddr(),
                request.getLocalPort(), request.isSecure(), request.getMethod(), uri, Map.copyOf(headers),
                request.getServletContext().getServerInfo());
    }

    /**
     * Facts of handshakes in progress, by {@code Sec-WebSocket-Key}. Bounded: the oldest are dropped once
     * {@code max} handshakes are pending, so a flood of upgrades that never complete cannot grow memory.
     *
     * <p>Thread-safe: the map is synchronized; records are immutable.
     */
    public static final class Pending {

        private final Map<String, HandshakeFacts> pending;

        public Pending(int max) {
            this.pending = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, HandshakeFacts> eldest) {
                    return size() > max;
                }
            });
        }

        void record(String key, HttpServletRequest request) {
            if (key != null) {
                pending.put(key, of(request));
            }
        }

        HandshakeFacts take(String key) {
            return key == null ? null : pending.remove(key);
        }

        /** Handshakes waiting; for tests. */
        public int size() {
            return pending.size();
        }
    }
}
