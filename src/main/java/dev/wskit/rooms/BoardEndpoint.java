package dev.wskit.rooms;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * {@code /boards/{board}}: a shared drawing board of binary stroke messages (format: README, Rooms). A joiner first
 * receives the board's state. The protocol is {@link BoardConnection}'s; this class binds it to the session.
 *
 * <p>One instance per connection; the container calls it one event at a time.
 */
@ServerEndpoint("/boards/{board}")
public class BoardEndpoint {

    private static final System.Logger LOG = System.getLogger(BoardEndpoint.class.getName());

    private BoardConnection connection;

    @OnOpen
    public void open(Session session, @PathParam("board") String room) throws IOException {
        String why = Names.checkRoom(room);
        if (why != null) {
            // The handshake gate refuses these with 400; reaching here means it was bypassed.
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, SessionTransport.clip(why)));
            return;
        }
        RoomsHub hub = RoomsHub.current();
        connection = new BoardConnection(room, new SessionTransport(session, hub.closer()), hub.backplane(), hub.limits());
        LOG.log(Level.DEBUG, "{0} | open | board {1}", session.getId(), room);
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

    @OnError
    public void error(Session session, Throwable failure) {
        if (connection != null) {
            connection.closed();
        }
        LOG.log(Level.DEBUG, "{0} | error | {1}", session.getId(), failure.toString());
    }
}
