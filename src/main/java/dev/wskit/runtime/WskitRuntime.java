package dev.wskit.runtime;

import dev.wskit.config.Settings;
import dev.wskit.echo.EchoHub;
import dev.wskit.echo.HandshakeFacts;
import dev.wskit.edge.Edge;
import dev.wskit.ops.Endpoint;
import dev.wskit.ops.Health;
import dev.wskit.ops.Operations;
import dev.wskit.rooms.Backplane;
import dev.wskit.rooms.LocalBackplane;
import dev.wskit.rooms.RoomsHub;
import jakarta.websocket.EndpointConfig;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one wskit runs with, started and stopped in one place: the {@link Settings}, the {@link ContainerKind}
 * it runs in, the shared timer, the ping senders, the echo's shared parts ({@link EchoHub}: the server-wide echo
 * budget, the sender and closer threads, the stuck-send watchdog), the rooms and boards ({@link RoomsHub}: backplane,
 * limits, close executor), the handshake facts waiting for {@code /inspect}, the {@link Edge} (token verifier,
 * trusted proxies, per-address limiter) and {@link Operations} (metrics, health, the open connections and their
 * drain). There is no static state: a web application has one runtime, which
 * {@link WskitBootstrap} starts in {@code contextInitialized} and closes in {@code contextDestroyed}; a test starts
 * its own with {@code WskitRuntime.start(Settings.defaults().with(...))}, without a container.
 *
 * <p>Endpoints find the runtime in their {@link EndpointConfig}: {@link WskitEndpoints} deploys every wskit endpoint
 * with the runtime in the config's user properties, and {@link #of(EndpointConfig)} reads it back, in
 * {@code @OnOpen} or in a configurator's {@code modifyHandshake}.
 *
 * <p>Threading: immutable apart from the executors, which are thread-safe; every accessor may be called from any
 * thread. {@link #close} may be called from any thread, any number of times: the first call stops every thread the
 * runtime started (and waits briefly for them), after draining the open connections (close 1012, up to
 * {@code wskit.drain.timeout}), later calls do nothing. After close, the executors refuse work.
 */
public final class WskitRuntime implements AutoCloseable {

    /** The {@link EndpointConfig} user property under which a wskit endpoint finds its runtime. */
    public static final String USER_PROPERTY = "dev.wskit.runtime";

    /**
     * Threads that send server pings. Default 8; threads. A ping can block its sender (both containers' pings are
     * blocking sends, queued behind a data frame a slow client is not reading), so pings never go out on the
     * shared timer; when every sender is busy a ping is skipped rather than queued.
     */
    static final int PING_SENDERS = 8;

    /** Handshakes whose facts may wait at once for {@code /inspect}. Default 1024; handshakes. */
    static final int PENDING_HANDSHAKES = 1024;

    private static final System.Logger LOG = System.getLogger(WskitRuntime.class.getName());
    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private final Settings settings;
    private final ContainerKind container;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor pingSenders;
    private final EchoHub echo;
    private final RoomsHub rooms;
    private final HandshakeFacts.Pending handshakes;
    private final Edge edge;
    private final Operations operations;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WskitRuntime(Settings settings, ContainerKind container) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.container = Objects.requireNonNull(container, "container");
        // First: it checks its settings (secret, key file, proxies) and starts no thread.
        this.edge = Edge.from(settings, java.time.Clock.systemUTC());
        String id = "wskit-" + RUNTIMES.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads(id + "-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.pingSenders = new ThreadPoolExecutor(0, PING_SENDERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads(id + "-ping"));
        // A part that fails to start (an invalid setting, Redis refusing) stops the parts started before it.
        EchoHub echo = null;
        RoomsHub rooms = null;
        try {
            echo = EchoHub.start(settings, container, scheduler, pingSenders, threads(id + "-echo-send"),
                    threads(id + "-echo-close"));
            rooms = RoomsHub.start(settings, threads(id + "-rooms-close"));
            this.operations = Operations.start(settings, threads(id + "-ops-close"));
        } catch (RuntimeException | Error e) {
            if (rooms != null) {
                rooms.close();
            }
            if (echo != null) {
                echo.close();
            }
            scheduler.shutdownNow();
            pingSenders.shutdownNow();
            edge.close();
            throw e;
        }
        this.echo = echo;
        this.rooms = rooms;
        this.handshakes = new HandshakeFacts.Pending(PENDING_HANDSHAKES);
        Backplane backplane = rooms.backplane();
        if (backplane instanceof LocalBackplane local) {
            operations.metrics().bindRooms(Endpoint.ROOMS, local::roomCount, local::roomMembers);
            operations.metrics().bindRooms(Endpoint.BOARDS, local::boardCount, local::boardMembers);
        }
        // Public like all of /health: the detail names no address.
        String where = backplane instanceof LocalBackplane ? "local: rooms and boards live in this JVM" : "connected";
        operations.health().add("backplane", () -> backplane.isUp() ? Health.Result.up(where)
                : Health.Result.down("unreachable: rooms and boards refuse members until it is back"));
    }

    /** Starts a runtime with these settings, for no container in particular ({@link ContainerKind#OTHER}). */
    public static WskitRuntime start(Settings settings) {
        return start(settings, ContainerKind.OTHER);
    }

    /**
     * Starts a runtime with these settings for this container. Its threads are daemons, created on demand.
     *
     * @throws IllegalArgumentException when a setting is invalid for this container
     */
    public static WskitRuntime start(Settings settings, ContainerKind container) {
        return new WskitRuntime(settings, container);
    }

    /**
     * The runtime of the endpoint this config belongs to.
     *
     * @throws IllegalStateException when the endpoint was not deployed by {@link WskitEndpoints} (for example, found
     *                               by the container's own scanning), which a wskit endpoint cannot run without
     */
    public static WskitRuntime of(EndpointConfig config) {
        Object runtime = config.getUserProperties().get(USER_PROPERTY);
        if (runtime instanceof WskitRuntime r) {
            return r;
        }
        throw new IllegalStateException("no wskit runtime in this endpoint's configuration: wskit endpoints are"
                + " deployed by dev.wskit.runtime.WskitBootstrap, not by the container's scanning");
    }

    public Settings settings() {
        return settings;
    }

    /** The container this runtime runs in. */
    public ContainerKind container() {
        return container;
    }

    /** The echo's shared parts: budget, sender and closer threads, watchdog. */
    public EchoHub echo() {
        return echo;
    }

    /** The shared timer for pings and delayed work; one daemon thread, so tasks must be short. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Sends server pings, at most {@link #PING_SENDERS} at once; {@code execute} throws
     * {@link java.util.concurrent.RejectedExecutionException} when all are busy (or the runtime is closed).
     */
    public Executor pingSenders() {
        return pingSenders;
    }

    /** The rooms and boards: backplane, limits, and the executor that carries out closes. */
    public RoomsHub rooms() {
        return rooms;
    }

    /** Handshake facts recorded by the handshake gate, waiting for {@code /inspect}'s configurator. */
    public HandshakeFacts.Pending handshakes() {
        return handshakes;
    }

    /** Metrics, health, the open connections and their drain. */
    public Operations operations() {
        return operations;
    }

    /** Sign-in, client addresses and per-address limits at the handshake gate, and the admissions it hands on. */
    public Edge edge() {
        return edge;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Drains the open connections (every client told 1012 once its send in flight is done, up to
     * {@code wskit.drain.timeout}), then stops every thread this runtime started: the timer, the ping senders and the
     * echo's threads at once (a pending ping or echo is moot), the rooms' and the drain's closes after those already
     * queued ran (at most a few seconds), and the metrics registry. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        operations.drain();
        operations.close();
        echo.close();
        scheduler.shutdownNow();
        pingSenders.shutdownNow();
        rooms.close();
        edge.close();
        awaitTermination(scheduler);
        awaitTermination(pingSenders);
        for (ExecutorService e : echo.executors()) {
            awaitTermination(e);
        }
        LOG.log(System.Logger.Level.DEBUG, "runtime | closed | {0}", this);
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "runtime | close | {0} did not stop within 5 s", executor);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName(name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "WskitRuntime[" + (closed.get() ? "closed" : "running") + "]";
    }
}
