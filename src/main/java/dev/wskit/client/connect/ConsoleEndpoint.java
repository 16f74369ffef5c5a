package dev.wskit.client.connect;

import dev.wskit.client.ConnectEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;

/**
 * The client endpoint of {@code connect}: every message, pong, close and error becomes a {@link ConnectEvent} in
 * the command's queue; the command prints and decides. A programmatic endpoint rather than {@code @ClientEndpoint},
 * because headers, subprotocols and extensions come from the command line and JSR-356 only takes them per
 * connection through a {@code ClientEndpointConfig}.
 *
 * <p>Thread-safe: the container calls it from its threads; it only offers to a concurrent queue.
 */
public final class ConsoleEndpoint extends Endpoint {

    private final BlockingQueue<ConnectEvent> events;

    public ConsoleEndpoint(BlockingQueue<ConnectEvent> events) {
        this.events = events;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> events.add(new ConnectEvent.Text(text)));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> events.add(new ConnectEvent.Binary(copy(b))));
        session.addMessageHandler(PongMessage.class,
                (MessageHandler.Whole<PongMessage>) p -> events.add(new ConnectEvent.Pong(copy(p.getApplicationData()))));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        events.add(new ConnectEvent.Closed(reason.getCloseCode().getCode(), reason.getReasonPhrase()));
    }

    @Override
    public void onError(Session session, Throwable failure) {
        events.add(new ConnectEvent.Error(failure));
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
