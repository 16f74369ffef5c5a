package dev.wskit.rooms;

import dev.wskit.config.Settings;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the room and board endpoints of this web application share: the {@link Backplane}, the limits, and the
 * executor that carries out closes. Published by {@link RoomRoutes#install} at start-up, before any endpoint opens.
 *
 * <p>Thread-safe: immutable once published through a volatile field.
 */
public final class RoomsHub {

    private static volatile RoomsHub current;

    private final Backplane backplane;
    private final RoomLimits limits;
    private final Executor closer;

    public RoomsHub(Backplane backplane, RoomLimits limits) {
        this.backplane = backplane;
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        // Closes are rare and may block (see SessionTransport); threads end when idle.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "wskit-rooms-close-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.closer = pool;
    }

    /** Starts the in-memory backplane with these settings. */
    static RoomsHub start(Settings settings) {
        RoomLimits limits = RoomLimits.from(settings);
        RoomsHub hub = new RoomsHub(new LocalBackplane(limits), limits);
        current = hub;
        return hub;
    }

    public static RoomsHub current() {
        RoomsHub hub = current;
        if (hub == null) {
            throw new IllegalStateException("rooms are not started (WskitBootstrap installs them)");
        }
        return hub;
    }

    public Backplane backplane() {
        return backplane;
    }

    public RoomLimits limits() {
        return limits;
    }

    public Executor closer() {
        return closer;
    }
}
