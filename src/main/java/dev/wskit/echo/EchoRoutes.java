package dev.wskit.echo;

import dev.wskit.config.Settings;
import dev.wskit.web.HandshakeGate;
import dev.wskit.web.HandshakeGate.Refusal;
import dev.wskit.web.HandshakeGate.Route;
import jakarta.servlet.http.HttpServletRequest;

/** The handshake rules of /echo and /inspect: knobs are validated before the upgrade. Stateless. */
public final class EchoRoutes {

    private EchoRoutes() {
    }

    public static void install(HandshakeGate gate) {
        gate.add(new Route("/echo", "it sends back every message it receives, text as text and binary as binary."
                + " Knobs: ?delay=ms&repeat=n&closeAfter=n&closeCode=c&closeReason=r&pingInterval=ms",
                EchoRoutes::checkKnobs));
        gate.add(new Route("/inspect", "it first sends a JSON description of your handshake, then echoes like /echo.",
                request -> {
                    Refusal refusal = checkKnobs(request);
                    if (refusal == null) {
                        HandshakeFacts.record(request.getHeader("Sec-WebSocket-Key"), request);
                    }
                    return refusal;
                }));
    }

    private static Refusal checkKnobs(HttpServletRequest request) {
        try {
            EchoKnobs.parse(HandshakeGate.queryOf(request), Settings.current());
            return null;
        } catch (EchoKnobs.InvalidKnobException e) {
            return Refusal.badRequest("knob", e.getMessage());
        }
    }
}
