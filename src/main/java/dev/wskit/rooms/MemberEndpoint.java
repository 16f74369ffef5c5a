package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.ops.Connections;
import dev.wskit.ops.Endpoint;
import dev.wskit.ops.LiveConnection;
import dev.wskit.edge.Admission;
import dev.wskit.edge.Edge;
import dev.wskit.edge.Heartbeat;
import dev.wskit.runtime.Failures;
import dev.wskit.runtime.WskitRuntime;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * The lifecycle shared by {@link RoomEndpoint} and {@link BoardEndpoint}: validate the name, bind a
 * {@link MemberConnection} on open, hand it binary message parts, unbind on close or error. Binary messages are taken
 * in parts (the container buffer stays at {@code wskit.messageBufferSize}) and assembled within their bound by the
 * connection; each subclass declares its own text path.
 *
 * <p>One instance per connection; the container calls it one event at a time.
 *
 * @param <C> the connection this endpoint binds
 */
public abstract class MemberEndpoint<C extends MemberConnection> {

    private static final System.Logger LOG = System.getLogger(MemberEndpoint.class.getName());

    /** Builds the connection for a valid name. */
    @FunctionalInterface
    protected interface Binder<C> {
        C bind(String name, Transport transport, RoomsHub hub);
    }

    private C connection;
    private LiveConnection tracked;
    private Heartbeat heartbeat;

    /** Called from the subclass's {@code @OnOpen}, which names the path parameter. */
    protected void open(Session session, EndpointConfig config, Endpoint kind, String name, Binder<C> binder)
            throws IOException {
        WskitRuntime runtime = WskitRuntime.of(config);
        tracked = runtime.operations().connections().open(kind, session);
        if (!runtime.edge().opened(session, "/" + kind.label() + "/*")) {
            tracked.closing(CloseReason.CloseCodes.VIOLATED_POLICY.getCode());
            return;
        }
        String why = Names.checkRoom(name);
        if (why != null) {
            // The handshake gate refuses these with 400; reaching here means it was bypassed.
            tracked.closing(CloseCodes.BAD_REQUEST.getCode());
            session.close(CloseCodes.BAD_REQUEST.reason(why));
            return;
        }
        RoomsHub hub = runtime.rooms();
        SessionTransport untracked = new SessionTransport(session, hub.closer(), hub.limits().sendTimeout());
        Transport transport = new TrackedTransport(untracked, tracked);
        // A drain's close waits for the send in flight, like every close of a member.
        tracked.onRestart(() -> transport.close(CloseCodes.SERVICE_RESTART, Connections.RESTART_REASON));
        C bound = binder.bind(name, transport, hub);
        connection = bound;
        heartbeat = Heartbeat.member(session, runtime, untracked::busy, (code, reason) -> {
            bound.closed();
            transport.close(code, reason);
        });
        LOG.log(Level.DEBUG, "{0} | open | {1} {2}", session.getId(), kind.label(), name);
    }

    /** The bound connection; {@code null} before open, or when open refused the name. */
    protected C connection() {
        return connection;
    }

    /** This connection as operations tracks it (metrics, connection log); set whenever {@link #connection()} is. */
    protected LiveConnection tracked() {
        return tracked;
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (connection != null) {
            tracked.received(part.remaining(), last);
            connection.binary(part, last);
        }
    }

    /** The nick a signed-in member must use: its token's; {@code null} when sign-in is off. */
    protected static String signedInNick(Session session) {
        Admission admission = Admission.of(session);
        return admission == null || admission.identity() == null ? null : admission.identity().nick();
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (heartbeat != null) {
            heartbeat.pong();
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
        ended(session);
        LOG.log(Level.DEBUG, "{0} | close | {1} {2}", session.getId(), reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    /** The peer leaving is logged at DEBUG, anything else at WARNING or ERROR with the exception ({@link Failures}). */
    @OnError
    public void error(Session session, Throwable failure) {
        if (connection != null) {
            connection.closed();
        }
        ended(session);
        Failures.log(LOG, session.getId(), "error", failure);
    }

    private void ended(Session session) {
        if (heartbeat != null) {
            heartbeat.stop();
        }
        Edge.closed(session);
    }
}
