package dev.wskit.client.connect;

import dev.wskit.client.Inbox;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The client endpoint of {@code connect}: every message, pong, close and error goes to the conversation's
 * {@link Inbox}; the command prints and decides. A programmatic endpoint rather than
 * {@code @ClientEndpoint}, because headers, subprotocols and extensions come from the command line and JSR-356 only
 * takes them per connection through a {@code ClientEndpointConfig}.
 *
 * <p>Thread-safe: the container calls it from its threads; it only hands over to the thread-safe inbox.
 */
final class ConsoleEndpoint extends Endpoint {

    private final Inbox<Incoming> inbox;

    ConsoleEndpoint(Inbox<Incoming> inbox) {
        this.inbox = inbox;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> inbox.received(new Incoming.Text(text)));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> inbox.received(new Incoming.Binary(copy(b))));
        session.addMessageHandler(PongMessage.class,
                (MessageHandler.Whole<PongMessage>) p -> inbox.received(new Incoming.Pong(copy(p.getApplicationData()))));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        inbox.closed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable failure) {
        inbox.error(failure);
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
