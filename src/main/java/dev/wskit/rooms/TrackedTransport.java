package dev.wskit.rooms;

import dev.wskit.ops.Traffic;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A {@link Transport} that reports to operations: its {@link #traffic()} is the connection's
 * ({@code LiveConnection}), and a close asked for by wskit is marked as the server's before it goes out.
 *
 * <p>Thread-safe as the transport it wraps.
 */
final class TrackedTransport implements Transport {

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
    public void close(int code, String reason) {
        traffic.closing(code);
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
