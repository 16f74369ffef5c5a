package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboxTest {

    @Test
    void keepsOneSendInFlightAndCompletionStartsTheNext() {
        FakeTransport t = new FakeTransport(false);
        Outbox box = new Outbox(t, 10, 1000);
        for (int i = 0; i < 3; i++) {
            box.send(Frame.text("m" + i));
        }
        assertEquals(List.of("m0"), t.sent());
        assertEquals(2, box.queuedMessages());
        assertTrue(t.completeNext(null));
        assertEquals(List.of("m0", "m1"), t.sent());
        assertTrue(t.completeNext(null));
        assertTrue(t.completeNext(null));
        assertEquals(List.of("m0", "m1", "m2"), t.sent());
        assertEquals(1, t.maxInFlight.get());
        assertNull(t.close);
    }

    @Test
    void closesWith1008WhenMessageBoundIsPassed() {
        FakeTransport t = new FakeTransport(false);
        Outbox box = new Outbox(t, 3, 1_000_000);
        AtomicInteger deaths = new AtomicInteger();
        box.onDeath(deaths::incrementAndGet);
        box.send(Frame.text("in flight"));
        for (int i = 0; i < 3; i++) {
            assertTrue(box.offer(Frame.text("q" + i)));
        }
        assertFalse(box.offer(Frame.text("one too many")));
        box.flush();
        assertEquals(CloseCodes.SLOW_MEMBER, t.close);
        assertTrue(t.closeReason.contains("too slow: more than 3 messages"), t.closeReason);
        assertEquals(1, deaths.get());
        t.completeNext(null);
        box.flush();
        assertEquals(List.of("in flight"), t.sent(), "nothing more is sent to a closed member");
        assertEquals(1, deaths.get());
    }

    @Test
    void closesWith1008WhenByteBoundIsPassed() {
        FakeTransport t = new FakeTransport(false);
        Outbox box = new Outbox(t, 1000, 10);
        box.send(Frame.text("x"));
        assertTrue(box.offer(Frame.binary(ByteBuffer.allocate(10))));
        assertFalse(box.offer(Frame.binary(ByteBuffer.allocate(1))));
        box.flush();
        assertEquals(CloseCodes.SLOW_MEMBER, t.close);
        assertTrue(t.closeReason.contains("10 bytes"), t.closeReason);
    }

    @Test
    void sendsCompletedOnTheCallingThreadDoNotRecurse() {
        FakeTransport t = new FakeTransport(true);
        Outbox box = new Outbox(t, 200_000, Long.MAX_VALUE);
        for (int i = 0; i < 200_000; i++) {
            box.offer(Frame.text("m"));
        }
        box.flush();
        assertEquals(200_000, t.sent().size());
        assertEquals(0, box.queuedMessages());
    }

    @Test
    void aFailedSendClosesTheMemberAndStopsSending() {
        FakeTransport t = new FakeTransport(false);
        Outbox box = new Outbox(t, 10, 1000);
        AtomicInteger deaths = new AtomicInteger();
        box.onDeath(deaths::incrementAndGet);
        box.send(Frame.text("a"));
        box.send(Frame.text("b"));
        t.completeNext(new IOException("broken pipe"));
        assertEquals(List.of("a"), t.sent());
        assertTrue(box.isDead());
        assertEquals(1, deaths.get());
        assertEquals(CloseCodes.SEND_FAILED, t.close, "a failed send is not a slow member");
        assertTrue(t.closeReason.contains("broken pipe"), t.closeReason);
    }

    @Test
    void concurrentOffersNeverOverlapSends() throws Exception {
        FakeTransport t = new FakeTransport(true);
        Outbox box = new Outbox(t, 100_000, Long.MAX_VALUE);
        Thread[] threads = new Thread[4];
        for (int n = 0; n < threads.length; n++) {
            int id = n;
            threads[n] = new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    box.send(Frame.text(id + ":" + i));
                }
            });
            threads[n].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(20_000, t.sent().size());
        assertEquals(1, t.maxInFlight.get());
        int[] next = new int[4];
        for (Object o : t.sent()) {
            String[] p = ((String) o).split(":");
            int id = Integer.parseInt(p[0]);
            assertEquals(next[id]++, Integer.parseInt(p[1]), "per-publisher order");
        }
    }
}
