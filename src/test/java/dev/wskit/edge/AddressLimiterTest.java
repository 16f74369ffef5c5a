package dev.wskit.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private AddressLimiter limiter(int maxConnections, int perSecond, int burst, int maxTracked) {
        return new AddressLimiter(maxConnections, perSecond, burst, maxTracked, nanos::get);
    }

    private static AddressLimiter.Permit permit(AddressLimiter l, String key) {
        return assertInstanceOf(AddressLimiter.Permit.class, l.admit(key));
    }

    private static AddressLimiter.Limited limited(AddressLimiter l, String key) {
        return assertInstanceOf(AddressLimiter.Limited.class, l.admit(key));
    }

    @Test
    void admitsUpToTheConnectionLimitAndOneMoreAfterARelease() {
        AddressLimiter l = limiter(3, 0, 1, 100);
        List<AddressLimiter.Permit> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(permit(l, "a"));
        }
        AddressLimiter.Limited no = limited(l, "a");
        assertEquals("connections", no.limit());
        assertEquals(AddressLimiter.CONNECTIONS_RETRY_AFTER, no.retryAfterSeconds());
        assertTrue(no.reason().contains("wskit.edge.maxConnectionsPerAddress"), no.reason());
        permit(l, "b"); // another address is not affected
        open.get(0).release();
        open.get(0).release(); // idempotent: frees one slot, not two
        permit(l, "a");
        limited(l, "a");
        assertEquals(3, l.connections("a"));
    }

    @Test
    void handshakeRateIsATokenBucket() {
        AddressLimiter l = limiter(0, 2, 4, 100);
        for (int i = 0; i < 4; i++) {
            permit(l, "a").release();
        }
        AddressLimiter.Limited no = limited(l, "a");
        assertEquals("rate", no.limit());
        assertEquals(1, no.retryAfterSeconds());
        permit(l, "b"); // another address has its own bucket
        nanos.addAndGet(499_000_000L); // 0.998 tokens
        limited(l, "a");
        nanos.addAndGet(2_000_000L);
        permit(l, "a");
        limited(l, "a");
        nanos.addAndGet(10_000_000_000L); // refills to the burst, no further
        for (int i = 0; i < 4; i++) {
            permit(l, "a").release();
        }
        limited(l, "a");
    }

    @Test
    void retryAfterSaysWhenTheNextTokenArrives() {
        AddressLimiter l = limiter(0, 1, 1, 100);
        permit(l, "a");
        assertEquals(1, limited(l, "a").retryAfterSeconds());
    }

    @Test
    void forgetsTheLeastRecentlySeenIdleAddressesButNeverOneWithConnections() {
        AddressLimiter l = limiter(1, 1, 1, 16);
        AddressLimiter.Permit held = permit(l, "held");
        for (int i = 0; i < 1000; i++) {
            permit(l, "spray-" + i).release();
        }
        assertEquals(1 + 16, l.tracked());
        assertEquals(1, l.connections("held"));
        limited(l, "held"); // still counted after the spray
        held.release();
        assertEquals(0, l.connections("held"));
        assertEquals(16, l.tracked());
    }

    @Test
    void countsExactlyUnderConcurrentHandshakesAndCloses() throws Exception {
        AddressLimiter l = limiter(50, 0, 1, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    int admitted = 0;
                    for (int i = 0; i < 10_000; i++) {
                        if (l.admit("a") instanceof AddressLimiter.Permit p) {
                            admitted++;
                            p.release();
                        }
                    }
                    return admitted;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(10_000, f.get(60, TimeUnit.SECONDS), "8 threads never hold more than 8 < 50 at once");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, l.connections("a"));
        assertEquals(1, l.tracked());
    }

    @Test
    void isOffWhenBothLimitsAreZero() {
        assertEquals(false, limiter(0, 0, 20, 100).isOn());
        assertEquals(true, limiter(1, 0, 20, 100).isOn());
        assertEquals(true, limiter(0, 1, 20, 100).isOn());
    }
}
