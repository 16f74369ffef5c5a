package dev.wskit.rooms.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node's two connections to Redis: one for commands (scripts, reads) and one for pub/sub, on Lettuce resources
 * this link owns and shuts down in {@link #close()}.
 *
 * <p>Failure behaviour, chosen so nothing waits on an absent Redis: the first connection is retried in the background
 * (with backoff up to 5 s) when Redis is down at start; afterwards Lettuce reconnects by itself. While the command
 * connection is down every command fails at once ({@code REJECT_COMMANDS}); a command that gets no answer fails after
 * {@code wskit.redis.commandTimeout}; a command in flight when the connection drops fails instead of being sent again
 * after the reconnect (the scripts are not idempotent: a replayed publish would number a message twice). The pub/sub
 * connection resubscribes its channels after a reconnect (Lettuce does that); its {@code subscribed} callbacks tell
 * {@link FeedHub} to catch up from history. Every failure reaches callers as {@link RedisUnavailableException}.
 *
 * <p>Threading: thread-safe. {@link Listener} callbacks run on Lettuce's event loop: they must not block.
 */
final class RedisLink implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());
    private static final long MAX_RETRY_MILLIS = 5_000;

    /** Connection events, on Lettuce's event loop. */
    interface Listener {
        /** A connection (re)connected; {@code pubsub} tells which. */
        void connected(boolean pubsub);

        /** A connection was lost; Lettuce is reconnecting. */
        void disconnected(boolean pubsub);
    }

    private final RedisAddress address;
    private final RedisOptions options;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private final RedisPubSubListener<byte[], byte[]> messages;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;

    private volatile StatefulRedisConnection<byte[], byte[]> commands;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private volatile long upSinceNanos = -1;
    private volatile boolean closed;
    private volatile String lastFailure = "not connected yet";
    private long retryMillis = 100;

    RedisLink(RedisAddress address, RedisOptions options, String clientName, ScheduledExecutorService scheduler,
            Listener listener, RedisPubSubListener<byte[], byte[]> messages) {
        // Netty inside a web application logs through java.util.logging, like wskit's System.Logger, and never looks
        // for an SLF4J binding (none ships in the WAR). This setting belongs to the web application's own Netty copy.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        this.address = address;
        this.options = options;
        this.scheduler = scheduler;
        this.listener = listener;
        this.messages = messages;
        // Reconnect soon after Redis is back: at most 2 s apart (Lettuce's default backs off to 30 s), with jitter so
        // the nodes do not all knock at once.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.equalJitter(Duration.ofMillis(10), Duration.ofSeconds(2), 10, TimeUnit.MILLISECONDS))
                .build();
        this.uri = address.toRedisUri(options.commandTimeout(), clientName);
        this.client = RedisClient.create(resources, uri);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
                boolean ps = connection instanceof StatefulRedisPubSubConnection;
                if (!ps) {
                    upSinceNanos = System.nanoTime();
                }
                LOG.log(System.Logger.Level.DEBUG, "redis | connected | " + (ps ? "pub/sub " : "commands ") + address);
                listener.connected(ps);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                boolean ps = connection instanceof StatefulRedisPubSubConnection;
                if (!ps) {
                    upSinceNanos = -1;
                }
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "redis | disconnected | " + (ps ? "pub/sub " : "commands ")
                            + address + ": reconnecting");
                    listener.disconnected(ps);
                }
            }
        });
    }

    /** Connects now, or keeps trying in the background when Redis is not there yet. */
    void start() {
        if (!tryConnect()) {
            LOG.log(System.Logger.Level.WARNING, "redis | unreachable | " + address + ": " + lastFailure
                    + "; retrying in the background");
            scheduleRetry();
        }
    }

    private synchronized boolean tryConnect() {
        if (closed) {
            return true;
        }
        Duration timeout = options.commandTimeout();
        ClientOptions.Builder base = ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .requestQueueSize(65_536);
        try {
            if (commands == null) {
                // At most once: a script in flight when the connection drops fails, it is not sent again.
                client.setOptions(base.replayFilter(command -> {
                    command.completeExceptionally(new RedisException("connection to Redis lost while the command was"
                            + " in flight; it may or may not have run"));
                    return true;
                }).build());
                commands = client.connect(ByteArrayCodec.INSTANCE, uri);
            }
            if (pubsub == null) {
                client.setOptions(base.replayFilter(command -> false).build());
                StatefulRedisPubSubConnection<byte[], byte[]> ps = client.connectPubSub(ByteArrayCodec.INSTANCE, uri);
                ps.addListener(messages);
                pubsub = ps;
            }
            upSinceNanos = System.nanoTime();
            return true;
        } catch (RedisException e) {
            lastFailure = String.valueOf(e.getMessage());
            return false;
        } finally {
            forgetThreadLocals();
        }
    }

    private void scheduleRetry() {
        long delay = retryMillis;
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        try {
            scheduler.schedule(() -> {
                if (tryConnect()) {
                    LOG.log(System.Logger.Level.INFO, "redis | connected | " + address);
                    listener.connected(false);
                    listener.connected(true);
                } else {
                    scheduleRetry();
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    RedisAddress address() {
        return address;
    }

    RedisOptions options() {
        return options;
    }

    /** Whether the command connection is up (and the pub/sub connection exists: it reconnects by itself). */
    boolean isUp() {
        StatefulRedisConnection<byte[], byte[]> c = commands;
        return !closed && c != null && c.isOpen() && pubsub != null && upSinceNanos >= 0;
    }

    /** How long the command connection has been up without a break; zero when it is down. */
    Duration upFor() {
        long since = upSinceNanos;
        return since < 0 || !isUp() ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /** The command connection's asynchronous API. */
    RedisAsyncCommands<byte[], byte[]> async() {
        StatefulRedisConnection<byte[], byte[]> c = commands;
        if (c == null || closed) {
            throw new RedisUnavailableException("Redis at " + address + " is not connected"
                    + (closed ? " (this node is shutting down)" : ": " + lastFailure), null);
        }
        return c.async();
    }

    /** The pub/sub connection, once connected. */
    StatefulRedisPubSubConnection<byte[], byte[]> pubsub() {
        StatefulRedisPubSubConnection<byte[], byte[]> c = pubsub;
        if (c == null || closed) {
            throw new RedisUnavailableException("Redis at " + address + " is not connected"
                    + (closed ? " (this node is shutting down)" : ": " + lastFailure), null);
        }
        return c;
    }

    /**
     * Waits for a command's answer, at most the command timeout (plus a little for the timer's own lag), and leaves
     * no Netty thread-local behind on the calling thread (see {@link #forgetThreadLocals()}).
     */
    <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(options.commandTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause(), what);
        } catch (TimeoutException e) {
            throw unavailable(new RedisCommandTimeoutException("no answer"), what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for Redis at " + address + " (" + what + ")", e);
        } finally {
            forgetThreadLocals();
        }
    }

    /**
     * Netty pools the task that hands a write from the calling thread to its event loop in a thread-local map of the
     * caller: on a container thread that map outlives the web application (Tomcat reports it at undeploy as a
     * probable leak of io.netty.util.internal.InternalThreadLocalMap). Every call that writes from a thread that is
     * not Netty's own ends here, so container threads keep nothing of Netty's.
     */
    static void forgetThreadLocals() {
        if (!(Thread.currentThread() instanceof FastThreadLocalThread)) {
            FastThreadLocal.removeAll();
        }
    }

    /** The exception a caller sees for {@code failure}: what failed, where, and why, never a password. */
    RedisUnavailableException unavailable(Throwable failure, String what) {
        if (failure instanceof RedisUnavailableException r) {
            return r;
        }
        String why;
        if (failure instanceof RedisCommandTimeoutException) {
            why = "no answer within " + options.commandTimeout().toMillis() + " ms (wskit.redis.commandTimeout)";
        } else if (failure instanceof RedisCommandExecutionException) {
            why = "Redis refused it: " + failure.getMessage();
        } else {
            why = String.valueOf(failure == null ? "unknown" : failure.getMessage());
        }
        return new RedisUnavailableException("Redis at " + address + ": " + what + " failed: " + why, failure);
    }

    /** Closes both connections and shuts Lettuce's threads down; waits at most a few seconds. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            StatefulRedisPubSubConnection<byte[], byte[]> ps = pubsub;
            if (ps != null) {
                ps.removeListener(messages);
                ps.close();
            }
            StatefulRedisConnection<byte[], byte[]> c = commands;
            if (c != null) {
                c.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            try {
                resources.shutdown(0, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "redis | shutdown | Lettuce resources did not stop in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            forgetThreadLocals();
        }
    }
}
