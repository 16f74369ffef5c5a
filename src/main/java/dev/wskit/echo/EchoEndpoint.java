package dev.wskit.echo;

import dev.wskit.codec.CloseCodes;
import dev.wskit.auth.Tokens;
import dev.wskit.edge.Edge;
import dev.wskit.ops.Connections;
import dev.wskit.ops.Endpoint;
import dev.wskit.ops.LiveConnection;
import dev.wskit.runtime.WskitRuntime;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * {@code /echo}: every message comes back with its type preserved, byte for byte, shaped by the query's
 * {@link EchoKnobs}. The work is done by {@link Echo} (set up by the runtime's {@link EchoHub}); this class binds it
 * to the session's lifecycle.
 *
 * <p>One instance per connection (the JSR-356 default); the container calls it one event at a time.
 */
@ServerEndpoint(value = "/echo", configurator = EchoConfigurator.class)
public class EchoEndpoint {

    private static final System.Logger LOG = System.getLogger(EchoEndpoint.class.getName());

    private Echo echo;
    private LiveConnection connection;

    /** Which endpoint this is, for metrics and the connection log. */
    protected Endpoint endpoint() {
        return Endpoint.ECHO;
    }

    /** This connection as operations tracks it; {@code null} before {@code @OnOpen}. */
    protected LiveConnection connection() {
        return connection;
    }

    @OnOpen
    public void open(Session session, EndpointConfig config) throws IOException {
        WskitRuntime runtime = WskitRuntime.of(config);
        connection = runtime.operations().connections().open(endpoint(), session);
        if (!runtime.edge().opened(session, "/echo")) { // /inspect shares /echo's sign-in rule
            connection.closing(CloseReason.CloseCodes.VIOLATED_POLICY.getCode());
            return;
        }
        EchoKnobs knobs;
        try {
            knobs = EchoKnobs.parse(session.getRequestParameterMap(), runtime.settings());
        } catch (EchoKnobs.InvalidKnobException e) {
            // The handshake gate refuses these with 400; reaching here means it was bypassed.
            connection.closing(CloseCodes.BAD_REQUEST.getCode());
            session.close(CloseCodes.BAD_REQUEST.reason(e.getMessage()));
            return;
        }
        LOG.log(Level.DEBUG, "{0} | open | {1} {2}", session.getId(), Tokens.redactUri(session.getRequestURI().toString()), knobs);
        Echo opened = runtime.echo().open(session, config, knobs, connection);
        echo = opened;
        // A drain's close waits for the reply in flight, like every close the echo makes.
        connection.onRestart(() -> opened.closeAfterSend(CloseCodes.SERVICE_RESTART.getCode(), Connections.RESTART_REASON));
        String greeting = greeting(session, config);
        if (greeting != null) {
            echo.greet(greeting);
        }
    }

    /** A text message sent before any echo, or {@code null}: none here, the handshake in {@link InspectEndpoint}. */
    protected String greeting(Session session, EndpointConfig config) throws IOException {
        return null;
    }

    @OnMessage
    public void text(String part, boolean last) {
        if (echo != null) {
            echo.text(part, connection.measureText(part, last), last);
        }
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (echo != null) {
            connection.received(part.remaining(), last);
            echo.binary(part, last);
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        // Answers to the pingInterval knob; receiving them keeps the connection from idling out.
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (echo != null) {
            echo.stop();
        }
        if (connection != null) {
            connection.ended(reason);
        }
        Edge.closed(session);
        LOG.log(Level.DEBUG, "{0} | close | {1} {2}", session.getId(), reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    @OnError
    public void error(Session session, Throwable failure) {
        if (echo != null) {
            echo.stop();
        }
        Edge.closed(session);
        LOG.log(Level.DEBUG, "{0} | error | {1}", session.getId(), failure.toString());
    }
}
