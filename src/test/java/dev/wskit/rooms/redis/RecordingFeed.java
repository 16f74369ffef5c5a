package dev.wskit.rooms.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.wskit.rooms.Frame;
import dev.wskit.testing.Recorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link RoomFeed} that records every call, for tests to wait on with a timeout. Thread-safe. */
final class RecordingFeed implements RoomFeed {

    record Delivered(long seq, Frame frame) {
        String text() {
            return frame.text();
        }
    }

    record Gap(long since, long first) {
    }

    record Restarted(String epoch) {
    }

    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void deliver(long seq, Frame frame) {
        events.add(new Delivered(seq, frame));
    }

    @Override
    public void gap(long since, long first) {
        events.add(new Gap(since, first));
    }

    @Override
    public void restarted(String epoch) {
        events.add(new Restarted(epoch));
    }

    Object next() {
        try {
            Object e = events.poll(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(e, "no feed event within " + Recorder.WAIT);
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Delivered delivered() {
        Object e = next();
        if (!(e instanceof Delivered d)) {
            throw new AssertionError("expected a delivery, got " + e);
        }
        return d;
    }

    /** The next {@code n} deliveries, asserting their numbers run on from {@code after}. */
    List<Delivered> delivered(int n, long after) {
        List<Delivered> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Delivered d = delivered();
            assertEquals(after + 1 + i, d.seq(), "delivery " + i + " after " + after);
            out.add(d);
        }
        return out;
    }
}
