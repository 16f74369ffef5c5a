package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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

    @Test
    void aReservedPlaceIsSentBeforeWhatWasOfferedAfterIt() {
        FakeTransport t = new FakeTransport(true);
        Outbox box = new Outbox(t, 10, 1000);
        box.offer(Frame.text("before"));
        box.reserve();
        box.offer(Frame.text("after 1"));
        box.flush();
        box.offer(Frame.text("after 2"));
        box.flush();
        assertEquals(List.of("before"), t.sent(), "what follows the reserved place waits for it");
        assertEquals(2, box.queuedMessages());
        box.fill(Frame.text("reserved"));
        assertEquals(List.of("before", "reserved", "after 1", "after 2"), t.sent());
        assertThrows(IllegalStateException.class, () -> box.fill(Frame.text("again")));
    }

    @Test
    void theReservedFrameCountsAgainstTheBounds() {
        FakeTransport t = new FakeTransport(false);
        Outbox box = new Outbox(t, 1000, 2000);
        AtomicInteger deaths = new AtomicInteger();
        box.onDeath(deaths::incrementAndGet);
        box.reserve();
        box.offer(Frame.text("x".repeat(1000)));
        box.fill(Frame.text("y".repeat(1001)));
        assertEquals(CloseCodes.SLOW_MEMBER, t.close);
        assertTrue(t.closeReason.contains("2000 bytes"), t.closeReason);
        assertEquals(1, deaths.get());
        assertEquals(List.of(), t.sent());
    }

    @Test
    void aDeathActionRegisteredAfterTheDeathRunsAtOnceAndAForgottenOneNever() {
        FakeTransport t = new FakeTransport(false);
        Outbox box = new Outbox(t, 1, 1000);
        AtomicInteger forgotten = new AtomicInteger();
        Runnable forget = forgotten::incrementAndGet;
        box.onDeath(forget);
        box.forget(forget);
        box.send(Frame.text("in flight"));
        box.offer(Frame.text("queued"));
        box.offer(Frame.text("overflow"));
        box.flush();
        assertEquals(CloseCodes.SLOW_MEMBER, t.close);
        AtomicInteger late = new AtomicInteger();
        box.onDeath(late::incrementAndGet);
        assertEquals(1, late.get(), "registered after the death: run at once");
        assertEquals(0, forgotten.get());
    }

    @Test
    void deathsCausedByDeathActionsRunAfterTheCurrentOneNotInsideIt() {
        int n = 5000;
        List<Outbox> boxes = new ArrayList<>();
        List<FakeTransport> transports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FakeTransport t = new FakeTransport(false);
            transports.add(t);
            boxes.add(new Outbox(t, 0, 1000));
        }
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            boxes.get(i).onDeath(() -> {
                maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
                order.add(id);
                if (id + 1 < n) {
                    boxes.get(id + 1).send(Frame.text("leave " + id)); // overflows the next: it dies too
                }
                depth.decrementAndGet();
            });
        }
        boxes.get(0).send(Frame.text("first"));
        assertEquals(n, order.size());
        assertEquals(1, maxDepth.get(), "no death action runs inside another");
        for (int i = 0; i < n; i++) {
            assertEquals(i, order.get(i));
            assertEquals(CloseCodes.SLOW_MEMBER, transports.get(i).close);
        }
    }

    @Test
    void aSendThatTimesOutClosesTheMemberWith1008NamingTheSetting() {
        FakeTransport t = new FakeTransport(false);
        Outbox box = new Outbox(t, 10, 1000);
        AtomicInteger deaths = new AtomicInteger();
        box.onDeath(deaths::incrementAndGet);
        box.send(Frame.text("stuck"));
        box.offer(Frame.text("next"));
        t.completeNext(new Transport.SendTimedOut(10_000, new java.net.SocketTimeoutException()));
        assertEquals(CloseCodes.SLOW_MEMBER, t.close);
        assertEquals("too slow: a message to you was not sent within 10000 ms (wskit.sendTimeout)", t.closeReason);
        assertEquals(1, deaths.get());
        assertEquals(List.of("stuck"), t.sent());
    }

    @Test
    void aSendThatTimesOutAfterTheConnectionClosedIsNoDeathButTheMemberIsGone() {
        FakeTransport t = new FakeTransport(false);
        Outbox box = new Outbox(t, 10, 1000);
        AtomicInteger deaths = new AtomicInteger();
        box.onDeath(deaths::incrementAndGet);
        box.send(Frame.text("stuck"));
        box.discard(); // Jetty: the connection closes before the send fails
        t.completeNext(new Transport.SendTimedOut(10_000, new java.net.SocketTimeoutException()));
        assertEquals(0, deaths.get(), "the member already left");
        assertNull(t.close, "its connection is already closed");
        box.flush();
        assertEquals(List.of("stuck"), t.sent());
    }

    @Test
    void aFailureOfWskitsOwnClosesWith1011() {
        FakeTransport t = new FakeTransport(true);
        Outbox box = new Outbox(t, 10, 1000);
        box.reserve();
        box.offer(Frame.text("never"));
        box.fail(CloseCodes.INTERNAL_ERROR, "internal error: the board could not be sent");
        assertEquals(CloseCodes.INTERNAL_ERROR, t.close);
        assertTrue(box.isDead());
        box.fill(Frame.text("late"));
        assertEquals(List.of(), t.sent());
    }
}
