package dev.wskit.rooms;

import dev.wskit.edge.EdgeConfigurator;
import dev.wskit.codec.ServerMessageEncoder;
import dev.wskit.ops.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * {@code /boards/{board}}: a shared drawing board of binary stroke messages (format: README, Rooms). A joiner first
 * receives the board's state. The protocol is {@link BoardConnection}'s; the lifecycle is {@link MemberEndpoint}'s.
 * Error replies go out through the declared encoder ({@code sendObject}); stroke broadcasts are encoded once by the
 * board and the same frame is queued to every member.
 *
 * <p>Strokes are read in parts and decoded by the connection, not by a declared decoder: a malformed stroke message
 * must get an error message on the open connection, but a declared decoder's {@code DecodeException} makes Jetty 12
 * close the connection (1003), and {@code Strokes}, a record, cannot carry the refusal instead. Read in parts, they
 * also leave Tomcat's buffer at {@code wskit.messageBufferSize} rather than a whole-message buffer of
 * {@code wskit.boards.maxMessageSize} (up to 16 MiB) held for each member as long as it stays.
 *
 * <p>One instance per connection; the container calls it one event at a time.
 */
@ServerEndpoint(value = "/boards/{board}", encoders = ServerMessageEncoder.class,
        configurator = EdgeConfigurator.class)
public class BoardEndpoint extends MemberEndpoint<BoardConnection> {

    @OnOpen
    public void open(Session session, EndpointConfig config, @PathParam("board") String board) throws IOException {
        open(session, config, Endpoint.BOARDS, board,
                (name, transport, hub) -> new BoardConnection(name, transport, hub.backplane(), hub.limits()));
    }

    /** Parts, not whole messages: the first part of any text message is refused, however long the message. */
    @OnMessage
    public void text(String part, boolean last) {
        BoardConnection c = connection();
        if (c != null) {
            tracked().receivedText(part, last);
            c.text(part, last);
        }
    }
}
