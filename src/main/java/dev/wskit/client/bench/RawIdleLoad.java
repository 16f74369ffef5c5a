package dev.wskit.client.bench;

import dev.wskit.client.raw.RawConnection;
import java.nio.ByteBuffer;

/**
 * One idle bench connection over the raw client: what {@link IdleLoad} is over the Jakarta client. It sends nothing
 * (the raw client answers pings) and only notices a message or a close before the run ends.
 *
 * <p>Threading: called on the raw client's thread; {@link #release()} comes from there too.
 */
final class RawIdleLoad implements BenchRun.RawLoad {

    private final BenchStats stats;
    private RawConnection connection;
    private boolean released;

    RawIdleLoad(BenchStats stats) {
        this.stats = stats;
    }

    @Override
    public void opened(RawConnection opened) {
        connection = opened;
    }

    @Override
    public void data(RawConnection from, boolean text, ByteBuffer chunk, boolean last) {
        if (last && !released) {
            stats.error("unexpected-message");
        }
    }

    @Override
    public void closed(RawConnection from, int code, String reason) {
        if (!released) {
            stats.error("closed-" + code);
        }
    }

    /** From now on a close is expected; closes the connection normally. */
    void release() {
        released = true;
        connection.close(1000, "bench done");
    }
}
