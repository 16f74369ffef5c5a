package dev.wskit.edge;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-address limits of WebSocket handshakes: at most {@code maxConnections} connections open at once, and a token
 * bucket of {@code burst} handshakes refilled at {@code perSecond} a second. Either limit is off at 0.
 *
 * <p>Memory stays bounded whatever addresses connect: an address with open connections is tracked until its last one
 * closes (the connections themselves cost far more), and at most {@code maxTracked} addresses without one are
 * remembered for their handshake rate, the least recently seen forgotten first. A forgotten address starts again
 * with a full bucket, so eviction can only make the limiter more lenient, never refuse anyone wrongly.
 *
 * <p>Thread-safe: every operation holds this limiter's monitor briefly, with no I/O, logging or callbacks inside.
 */
public final class AddressLimiter {

    /** Retry-After for an address at its connection limit, in seconds: when one closes is unknowable. */
    public static final int CONNECTIONS_RETRY_AFTER = 5;

    /** The outcome of {@link #admit}: a permit, or which limit refused and when to try again. */
    public sealed interface Decision permits Permit, Limited {
    }

    /** A refusal: {@code limit} is {@code "rate"} or {@code "connections"}. */
    public record Limited(String limit, int retryAfterSeconds, String reason) implements Decision {
    }

    /** One admitted connection, counted until {@link #release}. */
    public final class Permit implements Decision {
        private final String key;
        private boolean released;

        private Permit(String key) {
            this.key = key;
        }

        /** Stops counting this connection. Idempotent. */
        public void release() {
            synchronized (AddressLimiter.this) {
                if (released) {
                    return;
                }
                released = true;
                Entry e = active.get(key);
                if (e != null && --e.connections == 0) {
                    active.remove(key);
                    remember(key, e);
                }
            }
        }
    }

    private static final class Entry {
        int connections;
        double tokens;
        long refilledAt;
    }

    private final int maxConnections;
    private final int perSecond;
    private final int burst;
    private final int maxTracked;
    private final LongSupplier nanos;
    /** Addresses with open connections: kept until the last closes. */
    private final Map<String, Entry> active = new HashMap<>();
    /** Addresses without: their buckets, least recently seen first, at most {@code maxTracked}. */
    private final LinkedHashMap<String, Entry> idle = new LinkedHashMap<>();

    public AddressLimiter(int maxConnections, int perSecond, int burst, int maxTracked, LongSupplier nanos) {
        this.maxConnections = maxConnections;
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxTracked = maxTracked;
        this.nanos = nanos;
    }

    /** Whether either limit is on. */
    public boolean isOn() {
        return maxConnections > 0 || perSecond > 0;
    }

    /**
     * Counts one handshake from {@code key} against the rate, then admits one more connection if the address is
     * under its connection limit.
     */
    public synchronized Decision admit(String key) {
        long now = nanos.getAsLong();
        Entry e = active.get(key);
        if (e == null) {
            e = idle.remove(key);
            if (e == null) {
                e = new Entry();
                e.tokens = burst;
                e.refilledAt = now;
            }
        }
        Decision d = decide(e, now);
        if (d instanceof Limited) {
            if (e.connections == 0) {
                remember(key, e);
            }
            return d;
        }
        e.connections++;
        active.put(key, e);
        return new Permit(key);
    }

    private Decision decide(Entry e, long now) {
        if (perSecond > 0) {
            e.tokens = Math.min(burst, e.tokens + (now - e.refilledAt) / 1e9 * perSecond);
            e.refilledAt = now;
            if (e.tokens < 1) {
                int wait = (int) Math.max(1, Math.ceil((1 - e.tokens) / perSecond));
                return new Limited("rate", wait, "too many handshakes from your address: at most " + perSecond
                        + " a second (bursts of " + burst + ") (wskit.edge.maxHandshakesPerSecond)");
            }
            e.tokens -= 1;
        }
        if (maxConnections > 0 && e.connections >= maxConnections) {
            return new Limited("connections", CONNECTIONS_RETRY_AFTER, "too many connections from your address: at most "
                    + maxConnections + " at once (wskit.edge.maxConnectionsPerAddress)");
        }
        return null;
    }

    private void remember(String key, Entry e) {
        idle.put(key, e);
        if (idle.size() > maxTracked) {
            Iterator<Map.Entry<String, Entry>> eldest = idle.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Connections counted for {@code key}. */
    public synchronized int connections(String key) {
        Entry e = active.get(key);
        return e == null ? 0 : e.connections;
    }

    /** Addresses tracked: with open connections, and without. */
    public synchronized int tracked() {
        return active.size() + idle.size();
    }
}
