package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake must see the overlap the outbox tests exist to rule out, or their "never more than one" proves nothing. */
class FakeTransportTest {

    @Test
    void countsTwoSendsInFlightAtOnce() {
        FakeTransport t = new FakeTransport(false);
        t.sendText("a", failure -> { });
        t.sendText("b", failure -> { });
        assertEquals(2, t.maxInFlight.get());
        t.completeNext(null);
        t.completeNext(null);
        t.sendText("c", failure -> { });
        assertEquals(2, t.maxInFlight.get(), "the most ever in flight, not the current count");
    }

    @Test
    void countsAnOverlapBetweenThreadsThatStartTogether() throws Exception {
        FakeTransport t = new FakeTransport(false);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            new Thread(() -> {
                try {
                    start.await();
                    t.sendText("x", failure -> { });
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await(20, TimeUnit.SECONDS);
        assertEquals(threads, t.maxInFlight.get(), "every racing update is kept");
    }
}
