package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageEncoder;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link Transport} for unit tests: records what is sent, and completes each send at once ({@code auto}) or when
 * the test calls {@link #completeNext}. Counts overlapping sends, which must never happen. Thread-safe.
 */
final class FakeTransport implements Transport {

    final List<Object> sent = new ArrayList<>();
    private final ArrayDeque<Consumer<Throwable>> pending = new ArrayDeque<>();
    private final boolean auto;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The most sends ever in flight at once; more than 1 is an overlap. */
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile CloseCodes close;
    volatile String closeReason;

    FakeTransport(boolean auto) {
        this.auto = auto;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        record(text, done);
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        record(bytes, done);
    }

    /** Records the reply object; {@link #texts()} encodes it as the container would, with the declared encoder. */
    @Override
    public void sendObject(ServerMessage message, Consumer<Throwable> done) {
        record(message, done);
    }

    private void record(Object message, Consumer<Throwable> done) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        synchronized (this) {
            sent.add(message);
        }
        if (auto) {
            inFlight.decrementAndGet();
            done.accept(null);
        } else {
            synchronized (this) {
                pending.add(done);
            }
        }
    }

    /** Completes the oldest pending send; returns false if none was pending. */
    boolean completeNext(Throwable failure) {
        Consumer<Throwable> done;
        synchronized (this) {
            done = pending.poll();
        }
        if (done == null) {
            return false;
        }
        inFlight.decrementAndGet();
        done.accept(failure);
        return true;
    }

    synchronized List<Object> sent() {
        return new ArrayList<>(sent);
    }

    /** Every text message sent, replies encoded as the endpoint's declared encoder would. */
    synchronized List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Object o : sent) {
            if (o instanceof String s) {
                texts.add(s);
            } else if (o instanceof ServerMessage m) {
                try {
                    texts.add(new ServerMessageEncoder().encode(m));
                } catch (EncodeException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return texts;
    }

    @Override
    public void close(CloseCodes code, String reason) {
        close = code;
        closeReason = reason;
    }

    @Override
    public String id() {
        return "fake";
    }
}
