package dev.wskit.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one endpoint, resolved once when wskit starts, so counting a message is an add on a counter already
 * at hand: no name or tag lookup per message. With metrics off ({@code wskit.metrics.enabled=false}) every method
 * returns at once.
 *
 * <p>Thread-safe: Micrometer's counters are lock-free adders; the active count is an atomic.
 */
public final class EndpointMeters {

    private final Endpoint endpoint;
    private final boolean enabled;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter opened;
    private final Counter received;
    private final Counter receivedBytes;
    private final Counter sent;
    private final Counter sentBytes;

    EndpointMeters(Endpoint endpoint, MeterRegistry registry) {
        this.endpoint = endpoint;
        this.enabled = registry != null;
        if (!enabled) {
            opened = received = receivedBytes = sent = sentBytes = null;
            return;
        }
        String e = endpoint.label();
        Gauge.builder("wskit.connections.active", active, AtomicInteger::get)
                .description("WebSocket connections open now").tag("endpoint", e).register(registry);
        opened = counter(registry, "wskit.connections", e, null, "WebSocket connections opened");
        received = counter(registry, "wskit.messages.received", e, null, "Whole messages received from clients");
        receivedBytes = counter(registry, "wskit.messages.received", e, "bytes", "Payload bytes received from clients");
        sent = counter(registry, "wskit.messages.sent", e, null, "Whole messages handed to the container to send");
        sentBytes = counter(registry, "wskit.messages.sent", e, "bytes", "Payload bytes handed to the container to send");
    }

    private static Counter counter(MeterRegistry registry, String name, String endpoint, String unit, String help) {
        return Counter.builder(unit == null ? name : name + "." + unit).baseUnit(unit).description(help)
                .tag("endpoint", endpoint).register(registry);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public boolean enabled() {
        return enabled;
    }

    void opened() {
        if (enabled) {
            active.incrementAndGet();
            opened.increment();
        }
    }

    void ended() {
        if (enabled) {
            active.decrementAndGet();
        }
    }

    /** A part of {@code bytes} received; {@code last} ends a message. */
    void received(long bytes, boolean last) {
        if (enabled) {
            receivedBytes.increment(bytes);
            if (last) {
                received.increment();
            }
        }
    }

    /** A part of {@code bytes} handed to the container; {@code last} ends a message. */
    void sent(long bytes, boolean last) {
        if (enabled) {
            sentBytes.increment(bytes);
            if (last) {
                sent.increment();
            }
        }
    }

    /** Connections open now. */
    public int active() {
        return active.get();
    }
}
