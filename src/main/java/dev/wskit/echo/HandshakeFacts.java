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
 * <p>The handshake gate records the facts under the request's {@code Sec-WebSocket-Key}; the inspection
 * endpoint's configurator takes them back during the same handshake. Pending facts are bounded: the oldest are
 * dropped once {@link #MAX_PENDING} handshakes are in progress, so a flood of upgrades that never complete cannot
 * grow memory. Thread-safe: the pending map is synchronized; records are immutable.
 */
public record HandshakeFacts(
        String remoteAddress, int remotePort, String localAddress, int localPort, boolean secure,
        String method, String requestUri, Map<String, List<String>> headers, String container) {

    /** Handshakes whose facts may wait to be taken at once. Default 1024; count. */
    static final int MAX_PENDING = 1024;

    private static final Map<String, HandshakeFacts> PENDING = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, HandshakeFacts> eldest) {
                    return size() > MAX_PENDING;
                }
            });

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

    static void record(String key, HttpServletRequest request) {
        if (key != null) {
            PENDING.put(key, of(request));
        }
    }

    static HandshakeFacts take(String key) {
        return key == null ? null : PENDING.remove(key);
    }
}
