package dev.wskit.ops;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.web.HandshakeGate;
import dev.wskit.web.HandshakeGate.Refusal;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What an operator sees and controls of one wskit (README Operations): {@link Metrics}, {@link Health}, the
 * {@link Connections} with their drain, the {@link ConnectionLog}, and the HTTP endpoints of {@link OpsServlet}.
 * Created with the web application's settings when it starts; {@link #close()} stops what it started.
 *
 * <p>Thread-safe: immutable references to thread-safe parts.
 */
public final class Operations implements AutoCloseable {

    private final Metrics metrics;
    private final Connections connections;
    private final Health health;
    private final AddressRules allowed;
    private final long drainTimeout;
    private final long retryAfter;
    private final ExecutorService closer;

    private Operations(Settings settings, ThreadFactory closeThreads) {
        this.allowed = AddressRules.parse(settings.text(Setting.OPS_ALLOWED_ADDRESSES), Setting.OPS_ALLOWED_ADDRESSES.key());
        this.drainTimeout = settings.get(Setting.DRAIN_TIMEOUT);
        this.retryAfter = settings.get(Setting.DRAIN_RETRY_AFTER);
        boolean logged = flag(settings, Setting.CONNECTION_LOG_ENABLED);
        this.metrics = flag(settings, Setting.METRICS_ENABLED) ? Metrics.start() : Metrics.disabled();
        // Closes for a drain; they may block behind a send to a client that does not read. Threads end when idle;
        // the queue holds at most one task per open connection.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                closeThreads);
        pool.allowCoreThreadTimeOut(true);
        this.closer = pool;
        this.connections = new Connections(metrics, new ConnectionLog(logged), closer);
        this.health = new Health(connections);
    }

    /**
     * Operations with these settings, closing connections for a drain on threads from {@code closeThreads} (daemons,
     * as the runtime's are).
     *
     * @throws IllegalArgumentException naming the setting, for a bad flag or address list
     */
    public static Operations start(Settings settings, ThreadFactory closeThreads) {
        return new Operations(settings, closeThreads);
    }

    /**
     * Serves {@link OpsServlet#PATHS} in {@code context}, and makes {@code gate} refuse upgrades with 503 and
     * {@code Retry-After} while draining and count its refusals. At start-up, from a servlet context listener.
     */
    public void install(ServletContext context, HandshakeGate gate) {
        ServletRegistration.Dynamic servlet = context.addServlet("wskit-ops", new OpsServlet(this));
        if (servlet == null) {
            throw new IllegalStateException("a servlet named wskit-ops is already registered in "
                    + context.getContextPath() + ": deploy wskit afresh rather than restarting its context");
        }
        servlet.addMapping(OpsServlet.PATHS);
        Refusal draining = new Refusal(503, "wskit is draining for a restart; retry in " + retryAfter + " s",
                "draining", Map.of("Retry-After", Long.toString(retryAfter)));
        gate.before(request -> connections.draining() ? draining : null);
        gate.onRefused(r -> metrics.refused(r.label()));
    }

    /** Drains for a restart (see {@link Connections#drain}) with {@code wskit.drain.timeout}. */
    public boolean drain() {
        return connections.drain(drainTimeout);
    }

    public Metrics metrics() {
        return metrics;
    }

    public Connections connections() {
        return connections;
    }

    public Health health() {
        return health;
    }

    AddressRules allowed() {
        return allowed;
    }

    /**
     * A true/false text setting, strictly.
     *
     * @throws IllegalArgumentException naming the setting
     */
    static boolean flag(Settings settings, Setting setting) {
        String v = settings.text(setting).toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new IllegalArgumentException(setting.key() + " must be true or false, not '" + settings.text(setting) + "'");
    }

    /** Lets queued closes run out (daemon threads) and closes the metrics registry. Call after {@link #drain()}. */
    @Override
    public void close() {
        closer.shutdown();
        metrics.close();
    }
}
