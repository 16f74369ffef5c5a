package dev.wskit.rooms;

import dev.wskit.edge.EdgeConfigurator;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * {@code /boards/{board}}: a shared drawing board of binary stroke messages (format: README, Rooms). A joiner first
 * receives the board's state. The protocol is {@link BoardConnection}'s; the lifecycle is {@link MemberEndpoint}'s.
 *
 * <p>One instance per connection; the container calls it one event at a time.
 */
@ServerEndpoint(value = "/boards/{board}", configurator = EdgeConfigurator.class)
public class BoardEndpoint extends MemberEndpoint {

    @OnOpen
    public void open(Session session, EndpointConfig config, @PathParam("board") String board) throws IOException {
        open(session, config, "board", board, (name, transport, hub) -> new BoardConnection(name, transport, hub.backplane(), hub.limits()));
    }
}
