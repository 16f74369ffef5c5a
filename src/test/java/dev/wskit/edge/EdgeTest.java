package dev.wskit.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.web.HandshakeGate.Refusal;
import dev.wskit.web.HandshakeGate.Route;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's guard without a container: admissions, their hand-over and release, the forwarded scheme. */
class EdgeTest {

    private static final Route ECHO = new Route("/echo", "echo", r -> null);

    /** A request from {@code peer} with these headers (name to values), holding attributes like a real one. */
    private static HttpServletRequest request(String peer, Map<String, List<String>> headers) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(EdgeTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getScheme" -> "http";
                    case "getHeader" -> headers.getOrDefault((String) args[0], List.of()).stream().findFirst().orElse(null);
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    case "getParameterValues" -> null;
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpServletResponse response(int status) {
        return (HttpServletResponse) Proxy.newProxyInstance(EdgeTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getStatus")) {
                        return status;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Edge edge(int maxConnections, String trusted) {
        return Edge.from(Settings.defaults().with(Setting.EDGE_MAX_CONNECTIONS_PER_ADDRESS, maxConnections)
                .withText(Setting.EDGE_TRUSTED_PROXIES, trusted), Clock.systemUTC());
    }

    @Test
    void anUpgradeHandsItsAdmissionToTheSessionAndKeepsItsPermit() {
        Edge edge = edge(1, "");
        HttpServletRequest r = request("192.0.2.1", Map.of("Sec-WebSocket-Key", List.of("k1")));
        assertNull(edge.admit(r, ECHO));
        Map<String, Object> userProperties = new HashMap<>();
        edge.handOver("k1", userProperties);
        Admission a = (Admission) userProperties.get(Admission.PROPERTY);
        assertEquals("192.0.2.1", a.clientAddress());
        edge.done(r, response(101));
        assertEquals(429, edge.admit(request("192.0.2.1", Map.of("Sec-WebSocket-Key", List.of("k2"))), ECHO).status());
        a.release();
        assertNull(edge.admit(request("192.0.2.1", Map.of("Sec-WebSocket-Key", List.of("k3"))), ECHO));
    }

    @Test
    void aHandshakeThatDoesNotUpgradeGivesItsPermitBack() {
        Edge edge = edge(1, "");
        HttpServletRequest refused = request("192.0.2.2", Map.of("Sec-WebSocket-Key", List.of("k1")));
        assertNull(edge.admit(refused, ECHO));
        edge.done(refused, response(400)); // the route's rule or the container said no: nothing was handed over
        HttpServletRequest failed = request("192.0.2.2", Map.of("Sec-WebSocket-Key", List.of("k2")));
        assertNull(edge.admit(failed, ECHO));
        edge.handOver("k2", new HashMap<>());
        edge.done(failed, response(500)); // handed over, but no 101
        assertNull(edge.admit(request("192.0.2.2", Map.of("Sec-WebSocket-Key", List.of("k3"))), ECHO));
    }

    @Test
    void aKeyInUseByAHandshakeInProgressIsRefused() {
        Edge edge = edge(0, "");
        HttpServletRequest first = request("192.0.2.3", Map.of("Sec-WebSocket-Key", List.of("same")));
        assertNull(edge.admit(first, ECHO));
        Refusal second = edge.admit(request("192.0.2.4", Map.of("Sec-WebSocket-Key", List.of("same"))), ECHO);
        assertEquals(List.of(400, "key"), List.of(second.status(), second.label()));
        assertTrue(second.reason().contains("Sec-WebSocket-Key"), second.reason());
        edge.done(first, response(400));
        assertNull(edge.admit(request("192.0.2.4", Map.of("Sec-WebSocket-Key", List.of("same"))), ECHO));
    }

    @Test
    void theForwardedSchemeIsBelievedOnlyFromATrustedProxy() {
        Map<String, List<String>> https = Map.of("X-Forwarded-Proto", List.of("https"));
        assertEquals("https", edge(0, "10.0.0.0/8").schemeOf(request("10.1.1.1", https)));
        assertEquals("http", edge(0, "10.0.0.0/8").schemeOf(request("192.0.2.5", https)));
        assertEquals("http", edge(0, "10.0.0.0/8").schemeOf(request("10.1.1.1", Map.of("X-Forwarded-Proto", List.of("gopher")))));
    }

    @Test
    void rejectionsAreLabelledByReason() {
        Edge edge = edge(1, "");
        assertNull(edge.admit(request("192.0.2.6", Map.of()), ECHO));
        Refusal full = edge.admit(request("192.0.2.6", Map.of()), ECHO);
        assertEquals(List.of(429, Edge.CONNECTIONS), List.of(full.status(), full.label()));
        Edge signIn = Edge.from(Settings.defaults().withText(Setting.AUTH_HS256_SECRET, dev.wskit.testing.TokenMint.SECRET),
                Clock.systemUTC());
        Refusal unsigned = signIn.admit(request("192.0.2.7", Map.of()), new Route("/rooms/*", "rooms", r -> null));
        assertEquals(List.of(401, Edge.AUTH), List.of(unsigned.status(), unsigned.label()));
        assertNull(signIn.admit(request("192.0.2.7", Map.of()), ECHO), "the echo stays open");
    }
}
