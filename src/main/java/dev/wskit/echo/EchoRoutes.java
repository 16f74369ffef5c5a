package dev.wskit.echo;

import dev.wskit.config.Settings;
import dev.wskit.runtime.WskitRuntime;
import dev.wskit.web.HandshakeGate;
import dev.wskit.web.HandshakeGate.Refusal;
import dev.wskit.web.HandshakeGate.Route;
import jakarta.servlet.http.HttpServletRequest;

/** The handshake rules of /echo and /inspect: knobs are validated before the upgrade. Stateless. */
public final class EchoRoutes {

    private EchoRoutes() {
    }

    /** Adds the routes; knobs are checked against the runtime's settings, /inspect's facts kept in its store. */
    public static void install(HandshakeGate gate, WskitRuntime runtime) {
        Settings settings = runtime.settings();
        gate.add(new Route("/echo", "it sends back every message it receives, text as text and binary as binary."
                + " Knobs: ?delay=ms&repeat=n&closeAfter=n&closeCode=c&closeReason=r&pingInterval=ms",
                request -> checkKnobs(request, settings)));
        gate.add(new Route("/inspect", "it first sends a JSON description of your handshake, then echoes like /echo.",
                request -> {
                    Refusal refusal = checkKnobs(request, settings);
                    if (refusal == null) {
                        runtime.handshakes().record(request.getHeader("Sec-WebSocket-Key"), request);
                    }
                    return refusal;
                }));
    }

    private static Refusal checkKnobs(HttpServletRequest request, Settings settings) {
        try {
            EchoKnobs.parse(HandshakeGate.queryOf(request), settings);
            return null;
        } catch (EchoKnobs.InvalidKnobException e) {
            return Refusal.badRequest("knob", e.getMessage());
        }
    }
}
