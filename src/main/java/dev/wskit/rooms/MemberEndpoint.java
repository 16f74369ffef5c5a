package dev.wskit.rooms;

import dev.wskit.ops.Connections;
import dev.wskit.ops.Endpoint;
import dev.wskit.ops.LiveConnection;
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
        MemberConnection bind(String name, Transport transport, RoomsHub hub);
    }

    private MemberConnection connection;
    private LiveConnection tracked;

    /** Called from the subclass's {@code @OnOpen}, which names the path parameter. */
    protected void open(Session session, EndpointConfig config, Endpoint kind, String name, Binder binder)
            throws IOException {
        WskitRuntime runtime = WskitRuntime.of(config);
        tracked = runtime.operations().connections().open(kind, session);
        String why = Names.checkRoom(name);
        if (why != null) {
            // The handshake gate refuses these with 400; reaching here means it was bypassed.
            tracked.closing(CloseReason.CloseCodes.VIOLATED_POLICY.getCode());
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, SessionTransport.clip(why)));
            return;
        }
        RoomsHub hub = runtime.rooms();
        Transport transport = new TrackedTransport(new SessionTransport(session, hub.closer()), tracked);
        // A drain's close waits for the send in flight, like every close of a member.
        tracked.onRestart(() -> transport.close(Connections.RESTART_CODE, Connections.RESTART_REASON));
        connection = binder.bind(name, transport, hub);
        LOG.log(Level.DEBUG, "{0} | open | {1} {2}", session.getId(), kind.label(), name);
    }

    @OnMessage
    public void text(String part, boolean last) {
        if (connection != null) {
            tracked.receivedText(part, last);
            connection.text(part, last);
        }
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (connection != null) {
            tracked.received(part.remaining(), last);
            connection.binary(part, last);
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (connection != null) {
            connection.closed();
        }
        if (tracked != null) {
            tracked.ended(reason);
        }
        LOG.log(Level.DEBUG, "{0} | close | {1} {2}", session.getId(), reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    @OnError
    public void error(Session session, Throwable failure) {
        if (connection != null) {
            connection.closed();
        }
        LOG.log(Level.DEBUG, "{0} | error | {1}", session.getId(), failure.toString());
    }
}
