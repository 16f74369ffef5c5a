package dev.wskit.client.bench;

import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import java.nio.ByteBuffer;

/**
 * One idle bench connection: it sends nothing and only notices when it is closed before the run ends.
 *
 * <p>Thread-safe: the container calls it from its threads; {@link #release()} comes from the bench thread.
 */
@ClientEndpoint
public final class IdleLoad {

    private final BenchStats stats;
    private volatile boolean released;

    public IdleLoad(BenchStats stats) {
        this.stats = stats;
    }

    /** From now on a close is expected, not an error. */
    public void release() {
        released = true;
    }

    @OnMessage
    public void text(String message) {
        stats.error("unexpected-message");
    }

    @OnMessage
    public void binary(ByteBuffer message) {
        stats.error("unexpected-message");
    }

    @OnClose
    public void closed(CloseReason reason) {
        stats.connectionsOpen.decrementAndGet();
        if (!released) {
            stats.error("closed-" + reason.getCloseCode().getCode());
        }
    }

    @OnError
    public void error(Throwable failure) {
        if (!released) {
            stats.error("error-" + failure.getClass().getSimpleName());
        }
    }
}
