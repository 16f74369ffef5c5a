package dev.wskit.echo;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.ops.Traffic;
import dev.wskit.runtime.ContainerKind;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What every echo connection shares, owned by the runtime: the server-wide {@link EchoBudget}, the sender threads
 * that stream parts back (blocking partial sends never run on a container thread), the closer threads, and the
 * watchdog that finds sends stuck on clients that do not read. {@link #open} sets a new session up and returns its
 * {@link Echo}.
 *
 * <p>Per session it sets, portably, what each container reads:
 * <ul>
 *   <li>the message buffer sizes ({@link ContainerKind#messageBufferSize}), the same as the container default the
 *       bootstrap set, so Tomcat never reallocates them;</li>
 *   <li>{@code RemoteEndpoint.Async.setSendTimeout(wskit.sendTimeout)}: both containers fail an asynchronous send
 *       that takes longer (Jetty per message, Tomcat per write of its 8 KiB output buffer); Jetty applies it to pings
 *       sent through the async remote too;</li>
 *   <li>Tomcat's {@code org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT} session property (Long, ms; default 20 s),
 *       which bounds each of Tomcat's blocking sends: the echo's partial sends, and the pongs Tomcat itself sends
 *       from the container thread when a client pings (a client that pings and never reads would otherwise hold
 *       that thread), set to the send timeout;</li>
 *   <li>Jetty's {@code org.eclipse.jetty.websocket.inputBufferSize} endpoint-config property (Integer), read in
 *       {@code @OnOpen}: Jetty then reads, and hands over, parts of up to the message buffer size rather than its
 *       4 KiB default, so more messages arrive whole and go back with one asynchronous send;</li>
 *   <li>Jetty's {@code ...maxFrameSize} (Long) with {@code ...autoFragment} off, only when both echo limits fit in the
 *       message buffer: Jetty then refuses a frame whose header declares more than the limit with 1009 as soon as
 *       its first payload bytes arrive (it checks the declared length when it starts on the payload, not on the
 *       header alone), without reading the rest. maxFrameSize alone does nothing while autoFragment is on (Jetty's
 *       default: oversize frames are cut into fragments), and autoFragment off makes Jetty read every frame whole
 *       into one buffer, allocated at the declared size when the frame starts: at the default 16 MiB limits a few
 *       header bytes would cost 16 MiB per connection, outside every bound. So with larger limits frames stream in
 *       parts, and wskit's own count closes with 1009 once a message passes its limit, on every container. Tomcat
 *       ignores these properties.</li>
 * </ul>
 *
 * <p>Threading: thread-safe. {@link #open} runs on container threads; the watchdog on the runtime's scheduler;
 * {@link #close} once, from the runtime.
 */
public final class EchoHub implements AutoCloseable {

    /** Tomcat's session property for the timeout of its blocking sends (Long, ms). */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    static final String JETTY_INPUT_BUFFER_SIZE = "org.eclipse.jetty.websocket.inputBufferSize";
    static final String JETTY_MAX_FRAME_SIZE = "org.eclipse.jetty.websocket.maxFrameSize";
    static final String JETTY_AUTO_FRAGMENT = "org.eclipse.jetty.websocket.autoFragment";

    /**
     * Threads that stream parts back, at most; created on demand. Default 64; threads. A partial send blocks while
     * its client does not read, for at most {@code wskit.sendTimeout} without progress.
     */
    static final int SENDERS = 64;

    /** Threads that send closes and abort stuck connections (a close may block on Tomcat). Default 4; threads. */
    static final int CLOSERS = 4;

    private final ContainerKind kind;
    private final int bufferSize;
    private final long maxText;
    private final long maxBinary;
    private final long maxRepeat;
    private final long sendTimeout;
    /** A connection's bound on what it has queued or in flight: its largest message, and the setting it comes from. */
    private final long bound;
    private final String boundSetting;
    /** Whether Jetty may refuse oversize frames from their headers: only when it costs no more than the buffer. */
    private final boolean earlyFrameRefusal;
    private final EchoBudget budget;
    private final ThreadPoolExecutor senders;
    private final ThreadPoolExecutor closer;
    private final ScheduledExecutorService scheduler;
    private final Executor pingSenders;
    private final Set<EchoQueue> live = ConcurrentHashMap.newKeySet();
    private final EchoQueue.Wiring wiring;
    private final ScheduledFuture<?> watchdog;

    private EchoHub(Settings settings, ContainerKind kind, ScheduledExecutorService scheduler, Executor pingSenders,
            ThreadFactory senderThreads, ThreadFactory closerThreads) {
        this.kind = kind;
        this.bufferSize = kind.messageBufferSize(settings);
        this.maxText = settings.get(Setting.ECHO_MAX_TEXT_MESSAGE_SIZE);
        this.maxBinary = settings.get(Setting.ECHO_MAX_BINARY_MESSAGE_SIZE);
        this.maxRepeat = settings.get(Setting.ECHO_MAX_REPEAT_MESSAGE_SIZE);
        this.sendTimeout = settings.get(Setting.SEND_TIMEOUT);
        this.bound = Math.max(maxText, maxBinary);
        this.boundSetting = maxBinary >= maxText ? Setting.ECHO_MAX_BINARY_MESSAGE_SIZE.key()
                : Setting.ECHO_MAX_TEXT_MESSAGE_SIZE.key();
        this.earlyFrameRefusal = bound <= bufferSize;
        this.budget = new EchoBudget(settings.get(Setting.ECHO_MAX_PENDING_BYTES));
        this.scheduler = scheduler;
        this.pingSenders = pingSenders;
        this.senders = pool(SENDERS, senderThreads);
        this.closer = pool(CLOSERS, closerThreads);
        this.wiring = new EchoQueue.Wiring(budget, senders, closer, scheduler, sendTimeout, live::remove);
        long every = Math.max(50, Math.min(1000, sendTimeout / 4));
        this.watchdog = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the hub; {@code scheduler} and {@code pingSenders} stay the caller's, the hub's own threads come from
     * the factories.
     */
    public static EchoHub start(Settings settings, ContainerKind kind, ScheduledExecutorService scheduler,
            Executor pingSenders, ThreadFactory senderThreads, ThreadFactory closerThreads) {
        return new EchoHub(settings, kind, scheduler, pingSenders, senderThreads, closerThreads);
    }

    private static ThreadPoolExecutor pool(int threads, ThreadFactory factory) {
        // One queued task per connection at most (a queue has one sender task or close at a time): bounded by them.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Sets a new echo session up (see the class comment) and returns its echo, which tells {@code traffic} what it
     * sends and closes. On the container thread, in @OnOpen.
     */
    Echo open(Session session, EndpointConfig config, EchoKnobs knobs, Traffic traffic) {
        configure(session, config.getUserProperties());
        SessionRemote remote = new SessionRemote(session, sendTimeout);
        EchoQueue queue = new EchoQueue(remote, wiring, bound, boundSetting, knobs, traffic);
        live.add(queue);
        long every = knobs.pingInterval().toMillis();
        // Fixed delay, not fixed rate: after a stall a fixed-rate task fires its missed runs back to back.
        ScheduledFuture<?> pings = every > 0
                ? scheduler.scheduleWithFixedDelay(() -> queue.ping(pingSenders), every, every, TimeUnit.MILLISECONDS)
                : null;
        long frameLimit = earlyFrameRefusal ? bound : Long.MAX_VALUE;
        return new Echo(queue, knobs, maxText, maxBinary, maxRepeat, !kind.ownsBinaryParts(), frameLimit, remote.id(),
                pings);
    }

    private void configure(Session session, Map<String, Object> endpointProperties) {
        session.setMaxTextMessageBufferSize(bufferSize);
        session.setMaxBinaryMessageBufferSize(bufferSize);
        session.getAsyncRemote().setSendTimeout(sendTimeout);
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeout);
        endpointProperties.put(JETTY_INPUT_BUFFER_SIZE, bufferSize);
        if (earlyFrameRefusal) {
            endpointProperties.put(JETTY_AUTO_FRAGMENT, Boolean.FALSE);
            endpointProperties.put(JETTY_MAX_FRAME_SIZE, bound);
        }
    }

    /** The watchdog: on the scheduler, never blocks (aborts go to the closer threads). */
    private void sweep() {
        long now = System.nanoTime();
        for (EchoQueue q : live) {
            q.checkStuck(now);
        }
    }

    /** The message buffer size per session on this container. */
    public int messageBufferSize() {
        return bufferSize;
    }

    /** Stops the watchdog and the hub's threads (a blocked partial send is interrupted). Idempotent. */
    @Override
    public void close() {
        watchdog.cancel(false);
        senders.shutdownNow();
        closer.shutdownNow();
    }

    /** The hub's own executors, for the runtime to wait on after {@link #close}. */
    public ExecutorService[] executors() {
        return new ExecutorService[] {senders, closer};
    }
}
