package dev.wskit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The waits between reconnect attempts, with a random source the test controls. No server. */
class BackoffTest {

    private static final RetryPolicy POLICY = new RetryPolicy(true, 5, Duration.ofMillis(100), Duration.ofMillis(350));

    /** The bounds the backoff asked the random source for, answered with {@code bound / 3}. */
    private final List<Long> bounds = new ArrayList<>();

    private Backoff backoff(RetryPolicy policy) {
        return new Backoff(policy, bound -> {
            bounds.add(bound);
            return bound / 3;
        });
    }

    private static Optional<Duration> ms(long millis) {
        return Optional.of(Duration.ofMillis(millis));
    }

    @Test
    void lostConnectionsWaitTheBackoffDoublingUpToTheMaximum() {
        Backoff b = backoff(POLICY);
        assertEquals(ms(100), b.next(1006));
        assertEquals(ms(200), b.next(0));
        assertEquals(ms(350), b.next(1001));
        assertEquals(ms(350), b.next(1011));
        assertTrue(bounds.isEmpty());
    }

    @Test
    void serviceRestartRetriesAfterARandomWaitUpToTheBackoffThenDoublesFromTheBackoff() {
        Backoff b = backoff(POLICY);
        assertEquals(ms(33), b.next(1012));
        assertEquals(List.of(101L), bounds, "a wait from 0 to --backoff, both included");
        // The restarting server is not back yet: connects fail, and the waits grow as after any other failure.
        assertEquals(ms(100), b.next(0));
        assertEquals(ms(200), b.next(0));
        // A second restart close, even in the middle of a failing run, goes at once again.
        assertEquals(ms(33), b.next(1012));
        assertEquals(ms(100), b.next(0));
    }

    @Test
    void attemptsInARowAreBoundedAndASuccessStartsOver() {
        Backoff b = backoff(new RetryPolicy(true, 2, Duration.ofMillis(10), Duration.ofSeconds(1)));
        assertEquals(ms(10), b.next(1006));
        assertEquals(ms(20), b.next(0));
        assertEquals(Optional.empty(), b.next(1012));
        b.succeeded();
        assertEquals(ms(10), b.next(1013));
    }

    @Test
    void withoutReconnectThereIsNoAttempt() {
        assertEquals(Optional.empty(), backoff(new RetryPolicy(false, 10, Duration.ofMillis(10), Duration.ofSeconds(1))).next(1012));
        assertEquals(Optional.empty(), backoff(RetryPolicy.NEVER).next(1006));
    }

    @Test
    void retryableCodesAreTheServerGoingAwayFailingRestartingOrOverloadedAndLostConnections() {
        for (int code : new int[] {1001, 1006, 1011, 1012, 1013, 1014}) {
            assertTrue(RetryPolicy.retryable(code), () -> code + " is retryable");
        }
        for (int code : new int[] {1000, 1002, 1003, 1007, 1008, 1009, 1010, 1015, 4000}) {
            assertTrue(!RetryPolicy.retryable(code), () -> code + " is an answer, not an accident");
        }
    }
}
