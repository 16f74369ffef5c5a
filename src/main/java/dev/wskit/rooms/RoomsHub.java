package dev.wskit.rooms;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.rooms.redis.RedisAddress;
import dev.wskit.rooms.redis.RedisBackplane;
import dev.wskit.rooms.redis.RedisOptions;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the room and board endpoints of one wskit runtime share: the {@link Backplane} (in this JVM, or on Redis), the
 * limits, and the executor that carries out closes. Owned by {@code dev.wskit.runtime.WskitRuntime}, which starts and closes it.
 *
 * <p>Thread-safe: immutable apart from the close executor, which is thread-safe.
 */
public final class RoomsHub implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RoomsHub.class.getName());

    /** Threads that carry out closes. Default 4; threads. Closes are rare and may block (see SessionTransport). */
    static final int CLOSERS = 4;

    private final Backplane backplane;
    private final RoomLimits limits;
    private final ThreadPoolExecutor closer;

    public RoomsHub(Backplane backplane, RoomLimits limits, ThreadFactory threads) {
        this.backplane = backplane;
        this.limits = limits;
        // Threads end when idle. The queue holds one entry per close asked for; a connection asks a few times at most.
        this.closer = new ThreadPoolExecutor(CLOSERS, CLOSERS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        closer.allowCoreThreadTimeOut(true);
    }

    /**
     * Rooms and boards with these settings: in this JVM ({@link LocalBackplane}) when {@code wskit.backplane} is
     * {@code local}, else shared by every node on that Redis ({@link RedisBackplane}, connecting in the background).
     *
     * @throws IllegalArgumentException for a malformed {@code wskit.backplane} (the message never shows a password)
     */
    public static RoomsHub start(Settings settings, ThreadFactory threads) {
        RoomLimits limits = RoomLimits.from(settings);
        Optional<RedisAddress> redis = RedisAddress.fromSetting(settings.text(Setting.BACKPLANE));
        Backplane backplane = redis.isPresent()
                ? RedisBackplane.start(redis.get(), RedisOptions.from(settings), limits)
                : new LocalBackplane(limits);
        return new RoomsHub(backplane, limits, threads);
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

    /** Runs the closes already queued (waiting up to 5 s), stops the close threads, then the backplane. Idempotent. */
    @Override
    public void close() {
        try {
            stopClosers();
        } finally {
            backplane.close();
        }
    }

    private void stopClosers() {
        closer.shutdown();
        try {
            if (!closer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "rooms | close | {0} closes still running after 5 s; interrupted",
                        closer.getActiveCount());
                closer.shutdownNow();
            }
        } catch (InterruptedException e) {
            closer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
