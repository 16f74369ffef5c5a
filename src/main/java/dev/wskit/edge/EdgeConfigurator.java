package dev.wskit.edge;

import dev.wskit.runtime.WskitRuntime;
import dev.wskit.web.Handshake;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * The handshake step of every wskit endpoint: moves the {@link Admission} the gate made for this upgrade into the
 * session's user properties, where {@link Admission#of} finds it, and with it the gate's {@link Handshake} (peer and
 * loggable path, for the connection log), naming the client address the edge resolved when a trusted proxy
 * forwarded it. Endpoints with handshake policies of their own
 * extend it and call {@code super.modifyHandshake}.
 *
 * <p>Stateless, so one instance may serve concurrent handshakes.
 */
public class EdgeConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Map<String, Object> properties = sec.getUserProperties();
        Admission admission = WskitRuntime.of(sec).edge().handOver(header(request.getHeaders(), "Sec-WebSocket-Key"),
                properties);
        Handshake handshake = Handshake.current();
        if (handshake != null) {
            properties.put(Handshake.PROPERTY, admission != null && admission.forwarded()
                    ? handshake.forwardedFor(admission.clientAddress()) : handshake);
        }
    }

    /** The first value of a request header, by case-insensitive name; {@code null} when absent. */
    protected static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
