package dev.wskit.edge;

import dev.wskit.codec.CloseCodes;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.runtime.WskitRuntime;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Server pings to one long-lived connection (a room or board member), so proxies in between see traffic on an idle
 * connection and a peer that has silently gone is noticed: every {@code interval} a ping goes out, and a peer that
 * leaves {@code maxMissed} pings in a row without a pong is closed with 1001 when the next one is due.
 *
 * <p>Threading: the shared timer only decides; a ping is a blocking send on both containers (queued behind any data
 * frame the peer is not reading), so it goes out on a ping sender thread, never on the timer or a container thread.
 * No ping starts while a data send to the peer is in flight (the data says more than a ping would, and on Tomcat a
 * ping would wait behind it); at most one ping per connection is in flight, and one still stuck when the next is due
 * counts as unanswered; when every sender is busy the ping is skipped. Giving up on a peer interrupts its stuck
 * ping. All state is guarded by this object's monitor, never held while sending or closing.
 */
public final class Heartbeat {

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());

    /** What a heartbeat pings: a WebSocket session in production, a fake in unit tests. */
    public interface Peer {
        /** Whether a data send to the peer is in flight. */
        boolean busy();

        /** Sends a ping, blocking until it is written. */
        void ping(ByteBuffer payload) throws IOException;

        /** Gives up on the peer: closes it with this code and reason, without blocking. */
        void close(CloseCodes code, String reason);

        /** For logs. */
        String id();
    }

    private final Peer peer;
    private final long interval;
    private final int maxMissed;
    private final String setting;
    private final Executor senders;
    private ScheduledFuture<?> schedule;
    private int unanswered;
    private Thread sender;
    private boolean pingInFlight;
    private boolean stopped;

    /**
     * @param setting the name of the setting that bounds missed pongs, for the close reason
     */
    public Heartbeat(Peer peer, long intervalMillis, int maxMissed, String setting, Executor senders) {
        this.peer = peer;
        this.interval = intervalMillis;
        this.maxMissed = maxMissed;
        this.setting = setting;
        this.senders = senders;
    }

    /**
     * Starts pinging a room or board member at {@code wskit.rooms.pingInterval}, or returns {@code null} when that is
     * 0.
     *
     * @param busy whether a data send to the member is in flight
     * @param giveUp closes the member (code, reason) without blocking
     */
    public static Heartbeat member(Session session, WskitRuntime runtime, BooleanSupplier busy,
            BiConsumer<CloseCodes, String> giveUp) {
        Settings settings = runtime.settings();
        long every = settings.get(Setting.ROOMS_PING_INTERVAL);
        if (every == 0) {
            return null;
        }
        Peer peer = new Peer() {
            @Override
            public boolean busy() {
                return busy.getAsBoolean();
            }

            @Override
            public void ping(ByteBuffer payload) throws IOException {
                session.getAsyncRemote().sendPing(payload);
            }

            @Override
            public void close(CloseCodes code, String reason) {
                giveUp.accept(code, reason);
            }

            @Override
            public String id() {
                return session.getId();
            }
        };
        Heartbeat heartbeat = new Heartbeat(peer, every, settings.getInt(Setting.ROOMS_MAX_MISSED_PONGS),
                Setting.ROOMS_MAX_MISSED_PONGS.key(), runtime.pingSenders());
        heartbeat.start(runtime.scheduler());
        return heartbeat;
    }

    /** Starts pinging on {@code timer}. */
    public void start(ScheduledExecutorService timer) {
        ScheduledFuture<?> s = timer.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        synchronized (this) {
            if (stopped) {
                s.cancel(false);
            } else {
                schedule = s;
            }
        }
    }

    /** A pong arrived: the peer is there. */
    public synchronized void pong() {
        unanswered = 0;
    }

    /** Stops pinging: the connection ended. Idempotent. */
    public void stop() {
        ScheduledFuture<?> s;
        synchronized (this) {
            stopped = true;
            s = schedule;
        }
        if (s != null) {
            s.cancel(false);
        }
    }

    /** On the timer: decides, never blocks. Visible for tests, which call it instead of waiting. */
    void tick() {
        boolean giveUp = false;
        boolean send = false;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (unanswered >= maxMissed) {
                giveUp = true;
                stopped = true;
                if (sender != null) {
                    sender.interrupt();
                }
            } else if (pingInFlight) {
                unanswered++;
            } else if (!peer.busy()) {
                unanswered++;
                pingInFlight = true;
                send = true;
            }
        }
        if (giveUp) {
            stop();
            LOG.log(Level.DEBUG, "{0} | no pong | {1} pings unanswered", peer.id(), maxMissed);
            peer.close(CloseCodes.NO_PONG, "no pong to the last " + maxMissed + " pings, " + interval + " ms apart (" + setting + ")");
            return;
        }
        if (send) {
            ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, System.currentTimeMillis());
            try {
                senders.execute(() -> send(payload));
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    pingInFlight = false;
                    unanswered--;
                }
                LOG.log(Level.DEBUG, "{0} | ping-skipped | all ping senders busy", peer.id());
            }
        }
    }

    private void send(ByteBuffer payload) {
        synchronized (this) {
            if (stopped) {
                pingInFlight = false;
                return;
            }
            sender = Thread.currentThread();
        }
        try {
            peer.ping(payload);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "{0} | ping-failed | {1}", peer.id(), e.toString());
        } finally {
            synchronized (this) {
                sender = null;
                pingInFlight = false;
                Thread.interrupted(); // an interrupt meant for this ping must not reach the sender's next task
            }
        }
    }

    /** Pings sent (or stuck) since the last pong. */
    synchronized int unanswered() {
        return unanswered;
    }
}
