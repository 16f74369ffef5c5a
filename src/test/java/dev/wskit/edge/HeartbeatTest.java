package dev.wskit.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heartbeat's decisions, driven tick by tick (no timer), with a recording peer. */
class HeartbeatTest {

    private static final class FakePeer implements Heartbeat.Peer {
        volatile boolean busy;
        final List<Long> pings = new CopyOnWriteArrayList<>();
        final List<String> closes = new CopyOnWriteArrayList<>();
        volatile CountDownLatch block;
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public boolean busy() {
            return busy;
        }

        @Override
        public void ping(ByteBuffer payload) throws IOException {
            pings.add(payload.getLong(0));
            CountDownLatch b = block;
            if (b != null) {
                try {
                    b.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw new InterruptedIOException();
                }
            }
        }

        @Override
        public void close(dev.wskit.codec.CloseCodes code, String reason) {
            closes.add(code.getCode() + " " + reason);
        }

        @Override
        public String id() {
            return "fake";
        }
    }

    /** Runs pings on the ticking thread, so each tick's ping has been sent when tick() returns. */
    private static Heartbeat direct(FakePeer peer, int maxMissed) {
        return new Heartbeat(peer, 1000, maxMissed, "wskit.rooms.maxMissedPongs", Runnable::run);
    }

    @Test
    void pingsEveryTickAndClosesAfterMaxMissedUnansweredPings() {
        FakePeer peer = new FakePeer();
        Heartbeat h = direct(peer, 2);
        h.tick();
        h.tick();
        assertEquals(2, peer.pings.size());
        assertEquals(List.of(), peer.closes);
        h.tick();
        assertEquals(List.of("1001 no pong to the last 2 pings, 1000 ms apart (wskit.rooms.maxMissedPongs)"), peer.closes);
        h.tick(); // stopped: nothing more
        assertEquals(2, peer.pings.size());
        assertEquals(1, peer.closes.size());
    }

    @Test
    void aPongKeepsThePeer() {
        FakePeer peer = new FakePeer();
        Heartbeat h = direct(peer, 1);
        for (int i = 0; i < 10; i++) {
            h.tick();
            h.pong();
        }
        assertEquals(10, peer.pings.size());
        assertEquals(List.of(), peer.closes);
        h.tick();
        assertEquals(1, h.unanswered());
        h.tick();
        assertEquals(1, peer.closes.size());
    }

    @Test
    void noPingWhileADataSendIsInFlight() {
        FakePeer peer = new FakePeer();
        Heartbeat h = direct(peer, 1);
        peer.busy = true;
        for (int i = 0; i < 5; i++) {
            h.tick();
        }
        assertEquals(0, peer.pings.size());
        assertEquals(List.of(), peer.closes);
        peer.busy = false;
        h.tick();
        assertEquals(1, peer.pings.size());
    }

    @Test
    void aSkippedPingForBusySendersIsNotCountedAgainstThePeer() {
        FakePeer peer = new FakePeer();
        Heartbeat h = new Heartbeat(peer, 1000, 1, "s", r -> {
            throw new RejectedExecutionException("busy");
        });
        for (int i = 0; i < 5; i++) {
            h.tick();
        }
        assertEquals(0, h.unanswered());
        assertEquals(List.of(), peer.closes);
    }

    @Test
    void aStuckPingCountsAsUnansweredAndIsInterruptedWhenThePeerIsGivenUp() throws Exception {
        FakePeer peer = new FakePeer();
        peer.block = new CountDownLatch(1);
        ExecutorService senders = Executors.newSingleThreadExecutor();
        try {
            Heartbeat h = new Heartbeat(peer, 1000, 2, "s", senders);
            h.tick(); // ping 1 goes out and sticks
            org.awaitility.Awaitility.await().until(() -> peer.pings.size() == 1);
            h.tick(); // still stuck: unanswered 2, no second ping
            assertEquals(2, h.unanswered());
            assertEquals(1, peer.pings.size());
            h.tick(); // gives up
            assertEquals(1, peer.closes.size());
            assertTrue(peer.interrupted.await(10, TimeUnit.SECONDS), "the stuck ping was not interrupted");
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void stopEndsThePings() {
        FakePeer peer = new FakePeer();
        Heartbeat h = direct(peer, 1);
        h.stop();
        h.tick();
        h.tick();
        assertEquals(0, peer.pings.size());
        assertEquals(List.of(), peer.closes);
    }
}
