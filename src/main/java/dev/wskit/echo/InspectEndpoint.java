package dev.wskit.echo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.StringWriter;
import dev.wskit.Version;
import dev.wskit.ops.Endpoint;
import dev.wskit.auth.Tokens;
import dev.wskit.edge.Admission;
import java.util.List;
import java.util.Map;

/**
 * {@code /inspect}: on open, one JSON text message describing the handshake the server saw; then the same echo as
 * {@code /echo}, knobs included.
 *
 * <p>One instance per connection; the container calls it one event at a time.
 */
@ServerEndpoint(value = "/inspect", configurator = EchoConfigurator.class)
public class InspectEndpoint extends EchoEndpoint {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    protected Endpoint endpoint() {
        return Endpoint.INSPECT;
    }

    @Override
    protected String greeting(Session session, EndpointConfig config) throws IOException {
        return describe(session, config.getUserProperties());
    }

    @SuppressWarnings("unchecked")
    static String describe(Session session, Map<String, Object> properties) throws IOException {
        HandshakeFacts facts = (HandshakeFacts) properties.get(EchoConfigurator.FACTS);
        Map<String, List<String>> requested = (Map<String, List<String>>) properties.getOrDefault(
                EchoConfigurator.REQUESTED, Map.of("subprotocols", List.of(), "extensions", List.of()));
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "handshake");
            if (facts != null) {
                g.writeStringField("remoteAddress", facts.remoteAddress());
                Admission admission = Admission.of(session);
                g.writeStringField("clientAddress", admission == null ? facts.remoteAddress() : admission.clientAddress());
                g.writeNumberField("remotePort", facts.remotePort());
                g.writeStringField("localAddress", facts.localAddress());
                g.writeNumberField("localPort", facts.localPort());
                g.writeBooleanField("secure", facts.secure());
                g.writeStringField("method", facts.method());
                g.writeStringField("requestUri", facts.requestUri());
            } else {
                g.writeStringField("requestUri", Tokens.redactUri(session.getRequestURI().toString()));
            }
            g.writeObjectFieldStart("query");
            for (Map.Entry<String, List<String>> e : Tokens.redactQuery(session.getRequestParameterMap()).entrySet()) {
                writeList(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("headers");
            if (facts != null) {
                for (Map.Entry<String, List<String>> e : facts.headers().entrySet()) {
                    writeList(g, e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("subprotocols");
            writeList(g, "requested", requested.get("subprotocols"));
            g.writeStringField("negotiated", session.getNegotiatedSubprotocol());
            g.writeEndObject();
            g.writeObjectFieldStart("extensions");
            writeList(g, "requested", requested.get("extensions"));
            g.writeArrayFieldStart("negotiated");
            for (Extension x : session.getNegotiatedExtensions()) {
                g.writeString(x.getName());
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("server");
            g.writeStringField("name", "wskit");
            g.writeStringField("version", Version.WSKIT);
            g.writeStringField("container", facts == null ? "" : facts.container());
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toString();
    }

    private static void writeList(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
