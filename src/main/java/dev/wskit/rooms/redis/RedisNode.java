package dev.wskit.rooms.redis;

import dev.wskit.rooms.Room;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One wskit node on the Redis backplane: its connections ({@link RedisLink}), the stores of rooms and boards, the
 * claims it holds and renews ({@link Leases}), and its subscriptions ({@link FeedHub}). Whoever starts it closes it:
 * {@link #close()} releases the node's remaining claims (their leaves broadcast, as when members leave), closes the
 * subscriptions and connections and stops every thread it started (Lettuce's event loops, one scheduler, the feed
 * threads).
 *
 * <p>Threads: {@code wskit-redis-<id>-tick} renews leases and probes subscriptions every
 * {@code wskit.redis.leaseRenewInterval}; two {@code wskit-redis-<id>-feed-N} threads run the feeds (each room on one
 * thread at a time); Lettuce runs two I/O and two computation threads. All are daemon threads.
 *
 * <p>Threading: thread-safe.
 */
public final class RedisNode implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisNode.class.getName());

    /** Told when the command connection to Redis goes down and comes back; on Lettuce's event loop, must not block. */
    public interface ConnectionListener {
        void connected();

        void disconnected();
    }

    private final String id;
    private final RedisLink link;
    private final Leases leases;
    private final RoomStore rooms;
    private final BoardStore boards;
    private final FeedHub feeds;
    private final ScheduledExecutorService ticker;
    private final ExecutorService feedThreads;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    private RedisNode(RedisAddress address, RedisOptions options) {
        this.id = Room.newEpoch().substring(0, 12);
        this.ticker = Executors.newSingleThreadScheduledExecutor(threads("wskit-redis-" + id + "-tick"));
        this.feedThreads = Executors.newFixedThreadPool(2, threads("wskit-redis-" + id + "-feed"));
        this.feeds = new FeedHub(feedThreads);
        // The link connects only in start(), once every field here is set.
        this.link = new RedisLink(address, options, "wskit-" + id, ticker, new RedisLink.Listener() {
            @Override
            public void connected(boolean pubsub) {
                if (pubsub) {
                    return; // each resubscription's confirmation makes its room catch up (FeedHub)
                }
                feeds.catchUpAll("reconnected");
                submitTick(); // renew at once: leases may have run low during the outage
                for (ConnectionListener l : listeners) {
                    l.connected();
                }
            }

            @Override
            public void disconnected(boolean pubsub) {
                if (!pubsub) {
                    for (ConnectionListener l : listeners) {
                        l.disconnected();
                    }
                }
            }
        }, feeds.listener);
        this.leases = new Leases(link);
        this.rooms = new RoomStore(link, leases, id);
        this.boards = new BoardStore(rooms, link, leases);
        feeds.bind(link, rooms, boards);
    }

    private void submitTick() {
        try {
            ticker.execute(this::tick);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    /**
     * Starts a node: connects to Redis (or keeps trying in the background when it is not there yet: until then every
     * operation fails with {@link RedisUnavailableException}) and starts renewing leases.
     */
    public static RedisNode start(RedisAddress address, RedisOptions options) {
        RedisNode node = new RedisNode(address, options);
        node.link.start();
        long every = options.renewInterval().toMillis();
        node.ticker.scheduleWithFixedDelay(node::tick, every, every, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "redis | node " + node.id + " | " + address + (node.isUp() ? "" : " (not connected yet)"));
        return node;
    }

    /** This node's id: the first half of every owner, {@code node-id/connection-id}, it writes to Redis. */
    public String id() {
        return id;
    }

    public RoomStore rooms() {
        return rooms;
    }

    public BoardStore boards() {
        return boards;
    }

    public FeedHub feeds() {
        return feeds;
    }

    /** Whether the command connection to Redis is up. */
    public boolean isUp() {
        return link.isUp();
    }

    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    /** Claims this node holds, for tests and metrics. */
    public int claims() {
        return leases.size();
    }

    private void tick() {
        try {
            leases.tick();
            feeds.probe();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "redis | tick | failed", e);
        }
    }

    /**
     * Stops the node: releases every claim it still holds (each member leaves, as if it had left itself; when Redis
     * is unreachable, or slower than two command timeouts in all, the rest expire with their leases instead), closes
     * subscriptions and connections, and stops its threads. Idempotent.
     */
    @Override
    public void close() {
        if (stopped.get()) {
            return;
        }
        long deadline = System.nanoTime() + 2 * link.options().commandTimeout().toNanos();
        for (Claim c : leases.all()) {
            if (!link.isUp() || System.nanoTime() > deadline) {
                LOG.log(System.Logger.Level.WARNING, "redis | close | " + leases.size() + " claims left to expire with"
                        + " their leases (Redis " + (link.isUp() ? "is slow" : "is unreachable") + ")");
                break;
            }
            try {
                if (c instanceof RoomClaim r) {
                    r.leave();
                } else if (c instanceof BoardClaim b) {
                    b.leave();
                }
            } catch (RedisUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "redis | close | " + c + " stays until its lease expires: " + e.getMessage());
            }
        }
        halt();
    }

    /** Stops without releasing any claim, as a node that dies does: its members leave when their leases expire. */
    void halt() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        ticker.shutdownNow();
        feeds.closeAll();
        link.close();
        feedThreads.shutdown();
        try {
            if (!feedThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                feedThreads.shutdownNow();
            }
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            feedThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RedisNode[" + id + " on " + link.address() + (isUp() ? "" : ", disconnected") + "]";
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + (prefix.endsWith("tick") ? "" : "-" + n.incrementAndGet()));
            t.setDaemon(true);
            return t;
        };
    }
}
