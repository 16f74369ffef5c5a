package dev.wskit.echo;

import dev.wskit.edge.EdgeConfigurator;
import dev.wskit.runtime.WskitRuntime;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Handshake policy of /echo and /inspect: the first subprotocol the client offers is selected, whatever it is,
 * so clients can test their own subprotocol handling; the handshake's facts are handed to the session.
 *
 * <p>Stateless, so one instance may serve concurrent handshakes; it finds the runtime's pending handshake facts
 * through the config's user properties, since Jetty instantiates the configurator named by the annotation itself.
 */
public class EchoConfigurator extends EdgeConfigurator {

    /** User property under which a session finds its {@link HandshakeFacts}. */
    static final String FACTS = "dev.wskit.echo.facts";

    /** User property under which a session finds the subprotocols and extensions the client asked for. */
    static final String REQUESTED = "dev.wskit.echo.requested";

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.isEmpty() ? "" : requested.get(0);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(sec, request, response);
        Map<String, List<String>> headers = request.getHeaders();
        HandshakeFacts facts = WskitRuntime.of(sec).handshakes().take(header(headers, "Sec-WebSocket-Key"));
        if (facts != null) {
            sec.getUserProperties().put(FACTS, facts);
        }
        sec.getUserProperties().put(REQUESTED, Map.of(
                "subprotocols", tokens(headers, "Sec-WebSocket-Protocol"),
                "extensions", tokens(headers, "Sec-WebSocket-Extensions")));
    }

    private static List<String> tokens(Map<String, List<String>> headers, String name) {
        List<String> out = new java.util.ArrayList<>();
        headers.forEach((k, values) -> {
            if (k.equalsIgnoreCase(name)) {
                for (String v : values) {
                    for (String t : v.split(",")) {
                        if (!t.isBlank()) {
                            out.add(t.trim());
                        }
                    }
                }
            }
        });
        return out;
    }
}
