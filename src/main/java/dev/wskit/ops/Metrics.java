package dev.wskit.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * wskit's meters in one Prometheus registry (README Operations lists them): per endpoint connections and traffic
 * ({@link EndpointMeters}, resolved once), refused handshakes by reason, closes by code and side, outbox overflows,
 * resumes, rooms and members, and the JVM's memory, GC, threads, class loading, CPU and uptime.
 *
 * <p>Label values come from wskit's code, never from a client: close codes are grouped ({@link #codeLabel}) so a
 * client choosing codes cannot grow the number of series. Disabled ({@link #disabled()}), nothing is registered
 * or counted.
 *
 * <p>Thread-safe. Counters for rare events (closes, refusals) are looked up in concurrent maps; per-message ones
 * are not looked up at all.
 */
public final class Metrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final Map<Endpoint, EndpointMeters> endpoints = new EnumMap<>(Endpoint.class);
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<Endpoint, Counter> overflows = new EnumMap<>(Endpoint.class);
    private final Counter resumedComplete;
    private final Counter resumedWithGap;

    private Metrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        for (Endpoint e : Endpoint.values()) {
            endpoints.put(e, new EndpointMeters(e, registry));
        }
        if (registry == null) {
            gc = null;
            resumedComplete = resumedWithGap = null;
            return;
        }
        for (Endpoint e : new Endpoint[] {Endpoint.ROOMS, Endpoint.BOARDS}) {
            overflows.put(e, Counter.builder("wskit.outbox.overflows").tag("endpoint", e.label())
                    .description("Members closed with 1008 because their outbound queue passed its bound")
                    .register(registry));
        }
        resumedComplete = resumes("complete");
        resumedWithGap = resumes("gap");
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A registry with every wskit and JVM meter. */
    public static Metrics start() {
        return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Counts nothing and has nothing to show. */
    public static Metrics disabled() {
        return new Metrics(null);
    }

    public boolean enabled() {
        return registry != null;
    }

    public EndpointMeters endpoint(Endpoint endpoint) {
        return endpoints.get(endpoint);
    }

    /** The Prometheus text format (version 0.0.4) of every meter. */
    public String scrape() {
        if (registry == null) {
            throw new IllegalStateException("metrics are off (wskit.metrics.enabled=false)");
        }
        return registry.scrape();
    }

    /**
     * Rooms or boards open and their members, read when scraped; {@code kind} is {@link Endpoint#ROOMS} or
     * {@link Endpoint#BOARDS}. Whoever owns the backplane binds these (the suppliers must be thread-safe and cheap).
     */
    public void bindRooms(Endpoint kind, IntSupplier open, IntSupplier members) {
        if (registry == null) {
            return;
        }
        Gauge.builder("wskit.rooms.open", open, IntSupplier::getAsInt).tag("endpoint", kind.label())
                .description("Rooms (or boards) open on this node").strongReference(true).register(registry);
        Gauge.builder("wskit.room.members", members, IntSupplier::getAsInt).tag("endpoint", kind.label())
                .description("Members of every room (or board) on this node").strongReference(true).register(registry);
    }

    /** A handshake refused before the upgrade; {@code reason} is a short fixed word from wskit's code. */
    public void refused(String reason) {
        if (registry != null) {
            refusals.computeIfAbsent(reason, r -> Counter.builder("wskit.handshakes.rejected").tag("reason", r)
                    .description("Upgrade requests refused with an HTTP status, by reason").register(registry))
                    .increment();
        }
    }

    /** A connection ended with {@code code}; {@code by} is {@code server}, {@code client} or {@code none}. */
    void closed(Endpoint endpoint, int code, String by) {
        if (registry != null) {
            String label = codeLabel(code);
            closes.computeIfAbsent(endpoint.label() + ' ' + label + ' ' + by,
                    k -> Counter.builder("wskit.closes").tag("endpoint", endpoint.label()).tag("code", label)
                            .tag("by", by).description("Connections ended, by close code and by who closed them")
                            .register(registry)).increment();
        }
    }

    void overflowed(Endpoint endpoint) {
        Counter c = overflows.get(endpoint);
        if (c != null) {
            c.increment();
        }
    }

    void resumed(boolean complete) {
        if (registry != null) {
            (complete ? resumedComplete : resumedWithGap).increment();
        }
    }

    /**
     * The {@code code} label: 1000-1015 as themselves, {@code 3xxx} and {@code 4xxx} for the registered and private
     * ranges (a client may pick any of those), {@code other} for anything else.
     */
    static String codeLabel(int code) {
        if (code >= 1000 && code <= 1015) {
            return Integer.toString(code);
        }
        if (code >= 3000 && code <= 3999) {
            return "3xxx";
        }
        if (code >= 4000 && code <= 4999) {
            return "4xxx";
        }
        return "other";
    }

    private Counter resumes(String result) {
        return Counter.builder("wskit.resumes").tag("result", result)
                .description("Room joins with since: complete, or with a gap message first").register(registry);
    }

    /** Unbinds the GC listeners and closes the registry; nothing of it outlives the web application. */
    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
