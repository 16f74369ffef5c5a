package dev.wskit.rooms;

import dev.wskit.edge.EdgeConfigurator;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * {@code /rooms/{room}}: a chat room of JSON text messages and binary attachments (protocol: README, Rooms). The
 * protocol is {@link RoomConnection}'s, which decodes whole messages with the {@code dev.wskit.codec} decoders within
 * wskit's own size bounds; the lifecycle is {@link MemberEndpoint}'s.
 *
 * <p>One instance per connection; the container calls it one event at a time.
 */
@ServerEndpoint(value = "/rooms/{room}", configurator = EdgeConfigurator.class)
public class RoomEndpoint extends MemberEndpoint {

    @OnOpen
    public void open(Session session, EndpointConfig config, @PathParam("room") String room) throws IOException {
        open(session, config, "room", room, (name, transport, hub) -> new RoomConnection(name, transport, hub.backplane(), hub.limits())
                .signedInAs(signedInNick(session)));
    }
}
