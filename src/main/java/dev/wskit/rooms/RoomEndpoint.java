package dev.wskit.rooms;

import dev.wskit.edge.EdgeConfigurator;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ClientMessageDecoder;
import dev.wskit.codec.ServerMessageEncoder;
import dev.wskit.ops.Endpoint;
import dev.wskit.runtime.WskitRuntime;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * {@code /rooms/{room}}: a chat room of JSON text messages and binary attachments (protocol: README, Rooms). The
 * container reads each JSON message whole, within {@code wskit.rooms.maxTextMessageSize}, and decodes it with the
 * declared decoder ({@link ClientMessageDecoder.Total}, which hands malformed input over as
 * {@link ClientMessage.Unreadable}); the protocol is {@link RoomConnection}'s, the lifecycle {@link MemberEndpoint}'s.
 *
 * <p>Replies to this client alone ({@code here}, history, gap, errors) go out through the declared encoder
 * ({@code sendObject}). Broadcasts do not: the room encodes each once and queues the same frame to every member,
 * since encoding it per member would cost O(members) per message. Both share the member's {@link Outbox}, which keeps
 * one send in flight and one order.
 *
 * <p>Attachments (up to {@code wskit.rooms.maxAttachmentSize}, 1 MiB) are read in parts and decoded by the
 * connection, not by a declared decoder: Tomcat holds a whole-message buffer of the declared size for each session
 * for as long as it lives, which would be a mebibyte per idle member. In parts, the container's buffer stays at
 * {@code wskit.messageBufferSize}, and a message in progress is held by wskit only while it arrives.
 *
 * <p>One instance per connection; the container calls it one event at a time.
 */
@ServerEndpoint(value = "/rooms/{room}", decoders = ClientMessageDecoder.Total.class,
        encoders = ServerMessageEncoder.class, configurator = EdgeConfigurator.class)
public class RoomEndpoint extends MemberEndpoint<RoomConnection> {

    @OnOpen
    public void open(Session session, EndpointConfig config, @PathParam("room") String room) throws IOException {
        // The container reads text messages whole up to this bound (Jetty counts bytes, Tomcat characters; the
        // decoder counts the UTF-8 bytes of what passes). Tomcat applies it from the next message on: the first.
        session.setMaxTextMessageBufferSize(Math.toIntExact(WskitRuntime.of(config).rooms().limits().maxTextMessage()));
        open(session, config, Endpoint.ROOMS, room,
                (name, transport, hub) -> new RoomConnection(name, transport, hub.backplane(), hub.limits())
                        .signedInAs(signedInNick(session)));
    }

    @OnMessage
    public void message(ClientMessage message) {
        RoomConnection c = connection();
        if (c != null) {
            // Decoded on this thread just before this call (both containers): the size the decoder measured.
            tracked().received(ClientMessageDecoder.Total.lastSize(), true);
            c.message(message);
        }
    }
}
