package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageEncoder;
import dev.wskit.codec.Utf8;
import dev.wskit.ops.Traffic;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A {@link Transport} that reports to operations: its {@link #traffic()} is the connection's
 * ({@code LiveConnection}), a close asked for by wskit is marked as the server's before it goes out, and a reply's
 * size is counted here, since the container encodes it only as it sends it (the outbox counts the broadcasts it
 * already holds encoded). A reply is encoded once more for that count: replies are few (a join's {@code here},
 * a resume's {@code history} and {@code gap}, errors).
 *
 * <p>Thread-safe as the transport it wraps; the encoder is stateless.
 */
final class TrackedTransport implements Transport {

    private static final ServerMessageEncoder ENCODER = new ServerMessageEncoder();

    private final Transport transport;
    private final Traffic traffic;

    TrackedTransport(Transport transport, Traffic traffic) {
        this.transport = transport;
        this.traffic = traffic;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        transport.sendText(text, done);
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        transport.sendBinary(bytes, done);
    }

    @Override
    public void sendObject(ServerMessage message, Consumer<Throwable> done) {
        try {
            traffic.sent(Utf8.length(ENCODER.encode(message)), true);
        } catch (EncodeException e) {
            // The container's encoder fails the same way, and the send with it: nothing was sent.
        }
        transport.sendObject(message, done);
    }

    @Override
    public void close(CloseCodes code, String reason) {
        traffic.closing(code.getCode());
        transport.close(code, reason);
    }

    @Override
    public String id() {
        return transport.id();
    }

    @Override
    public Traffic traffic() {
        return traffic;
    }
}
