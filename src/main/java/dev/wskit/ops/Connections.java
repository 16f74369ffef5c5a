package dev.wskit.ops;

import dev.wskit.codec.CloseCodes;
import dev.wskit.web.Handshake;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Every open WebSocket connection of this web application ({@link LiveConnection}), and the drain that ends them for
 * a restart: stop taking new ones, tell every client with close 1012 (service restart) once its send in flight is
 * done, wait up to the drain timeout for the close handshakes, then close what is left without waiting.
 *
 * <p>Threading: thread-safe. The registry is a concurrent set; {@link #drain} blocks its caller (the container's
 * undeploy thread, or a request's worker for {@code POST /drain}) on this object's monitor, which
 * {@link #ended} only takes to wake it. Closes are carried out on the {@code closer} executor, never on the
 * caller's thread (a close may block behind a send to a client that does not read).
 */
public final class Connections {

    /** Close code of a drain: service restart, which clients take as "reconnect now". */
    public static final int RESTART_CODE = CloseCodes.SERVICE_RESTART.getCode();
    /** Close reason of a drain. */
    public static final String RESTART_REASON = "wskit is restarting: reconnect";

    private static final System.Logger LOG = System.getLogger(Connections.class.getName());

    private final Metrics metrics;
    private final ConnectionLog log;
    private final Executor closer;
    private final Set<LiveConnection> live = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    public Connections(Metrics metrics, ConnectionLog log, Executor closer) {
        this.metrics = metrics;
        this.log = log;
        this.closer = closer;
    }

    /**
     * Tracks a connection that has just opened: the first thing an endpoint's {@code @OnOpen} does. While draining,
     * the connection is told to reconnect at once.
     */
    public LiveConnection open(Endpoint endpoint, Session session) {
        EndpointMeters meters = metrics.endpoint(endpoint);
        LiveConnection c = new LiveConnection(this, meters, session, Handshake.of(session.getUserProperties()),
                meters.enabled() || log.enabled());
        live.add(c);
        meters.opened();
        if (draining) {
            c.restart();
        }
        return c;
    }

    void ended(LiveConnection c, int code, String by, String reason) {
        metrics.endpoint(c.endpoint()).ended();
        metrics.closed(c.endpoint(), code, by);
        log.ended(c, code, by, reason);
        live.remove(c);
        if (draining && live.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Connections open now. */
    public int count() {
        return live.size();
    }

    /** True from the start of a drain on: no new connection is taken. */
    public boolean draining() {
        return draining;
    }

    /**
     * Ends every connection for a restart (see the class comment) and returns when all have closed or
     * {@code timeoutMillis} has passed; from then on every new connection is closed with 1012 as it opens. May be
     * called again (undeploy after {@code POST /drain}): connections already told are not told twice.
     *
     * @return whether every connection closed within the timeout
     */
    public boolean drain(long timeoutMillis) {
        boolean again = draining;
        draining = true;
        if (again && live.isEmpty()) {
            return true; // drained before (POST /drain, then the undeploy): nothing more to say
        }
        long start = System.nanoTime();
        List<LiveConnection> told = List.copyOf(live);
        LOG.log(Level.INFO, "wskit | drain | telling {0} connection(s) to reconnect (close 1012); waiting up to {1} ms",
                told.size(), timeoutMillis);
        for (LiveConnection c : told) {
            c.restart();
        }
        long deadline = start + timeoutMillis * 1_000_000;
        synchronized (this) {
            long left;
            while (!live.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<LiveConnection> left = List.copyOf(live);
        long took = (System.nanoTime() - start) / 1_000_000;
        if (left.isEmpty()) {
            LOG.log(Level.INFO, "wskit | drain | done: every connection closed in {0} ms", took);
            return true;
        }
        LOG.log(Level.WARNING, "wskit | drain | {0} connection(s) still open after {1} ms (wskit.drain.timeout):"
                + " closing them without waiting", left.size(), took);
        for (LiveConnection c : left) {
            c.forceClose();
        }
        return false;
    }

    Metrics metrics() {
        return metrics;
    }

    Executor closer() {
        return closer;
    }
}
