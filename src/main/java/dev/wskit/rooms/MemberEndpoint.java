package dev.wskit.rooms;

import dev.wskit.runtime.Failures;
import dev.wskit.runtime.WskitRuntime;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * The lifecycle shared by {@link RoomEndpoint} and {@link BoardEndpoint}: validate the name, bind a
 * {@link MemberConnection} on open, dispatch message parts to it, unbind on close or error. Messages are taken in
 * parts (the container buffer stays at {@code wskit.messageBufferSize}); the connection assembles and bounds them.
 *
 * <p>One instance per connection; the container calls it one event at a time.
 */
public abstract class MemberEndpoint {

    private static final System.Logger LOG = System.getLogger(MemberEndpoint.class.getName());

    /** Builds the connection for a valid name. */
    @FunctionalInterface
    protected interface Binder {
        MemberConnection bind(String name, SessionTransport transport, RoomsHub hub);
    }

    private MemberConnection connection;

    /** Called from the subclass's {@code @OnOpen}, which names the path parameter. */
    protected void open(Session session, EndpointConfig config, String kind, String name, Binder binder)
            throws IOException {
        String why = Names.checkRoom(name);
        if (why != null) {
            // The handshake gate refuses these with 400; reaching here means it was bypassed.
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, SessionTransport.clip(why)));
            return;
        }
        RoomsHub hub = WskitRuntime.of(config).rooms();
        connection = binder.bind(name, new SessionTransport(session, hub.closer(), hub.limits().sendTimeout()), hub);
        LOG.log(Level.DEBUG, "{0} | open | {1} {2}", session.getId(), kind, name);
    }

    @OnMessage
    public void text(String part, boolean last) {
        if (connection != null) {
            connection.text(part, last);
        }
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (connection != null) {
            connection.binary(part, last);
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (connection != null) {
            connection.closed();
        }
        LOG.log(Level.DEBUG, "{0} | close | {1} {2}", session.getId(), reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    /** The peer leaving is logged at DEBUG, anything else at WARNING or ERROR with the exception ({@link Failures}). */
    @OnError
    public void error(Session session, Throwable failure) {
        if (connection != null) {
            connection.closed();
        }
        Failures.log(LOG, session.getId(), "error", failure);
    }
}
