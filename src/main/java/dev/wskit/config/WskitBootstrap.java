package dev.wskit.config;

import dev.wskit.echo.EchoRoutes;
import dev.wskit.edge.Edge;
import dev.wskit.rooms.RoomRoutes;
import dev.wskit.web.HandshakeGate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts wskit inside its web application: resolves the {@link Settings}, applies them to the WebSocket container,
 * and installs the {@link HandshakeGate} in front of the WebSocket paths.
 *
 * <p>Runs once per deployment, on the container's start-up thread, after the container's own initializers (which is
 * what lets the gate be mapped ahead of their upgrade filter). The scheduler it owns is thread-safe.
 */
@WebListener
public class WskitBootstrap implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(WskitBootstrap.class.getName());

    /**
     * Threads that send server pings. Default 8; threads. A ping can block its sender (both containers' pings are
     * blocking sends, queued behind a data frame a slow client is not reading), so pings never go out on the
     * shared timer; when every sender is busy a ping is skipped rather than queued.
     */
    static final int PING_SENDERS = 8;

    private static volatile ScheduledExecutorService scheduler;
    private static volatile ExecutorService pingSenders;
    private Edge edge;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.resolve(context::getInitParameter);
        Settings.publish(settings);

        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("No WebSocket container in this servlet container: enable Jakarta WebSocket"
                    + " (Jetty: the ee10-websocket-jakarta module; Tomcat has it built in)");
        }
        container.setDefaultMaxSessionIdleTimeout(settings.get(Setting.IDLE_TIMEOUT));
        container.setDefaultMaxTextMessageBufferSize(settings.getInt(Setting.MESSAGE_BUFFER_SIZE));
        container.setDefaultMaxBinaryMessageBufferSize(settings.getInt(Setting.MESSAGE_BUFFER_SIZE));

        HandshakeGate gate = new HandshakeGate();
        EchoRoutes.install(gate);
        RoomRoutes.install(gate);
        edge = Edge.from(settings, java.time.Clock.systemUTC());
        edge.install(gate);
        FilterRegistration.Dynamic registration = context.addFilter("wskit-handshake-gate", gate);
        registration.setAsyncSupported(true);
        // isMatchAfter=false: ahead of every filter already mapped, the container's upgrade filter included.
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, gate.patterns());

        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("wskit-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        scheduler = timers;
        pingSenders = new ThreadPoolExecutor(0, PING_SENDERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("wskit-ping");
            t.setDaemon(true);
            return t;
        });
        LOG.log(Level.INFO, "wskit {0} | start | {1} on {2} | settings {3}", Version.WSKIT, context.getContextPath(),
                context.getServerInfo(), settings);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (edge != null) {
            edge.stop();
        }
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
        ExecutorService p = pingSenders;
        if (p != null) {
            p.shutdownNow();
        }
    }

    /**
     * Sends server pings, at most {@link #PING_SENDERS} at once; {@code execute} throws
     * {@link java.util.concurrent.RejectedExecutionException} when all are busy. Thread-safe.
     */
    public static Executor pingSenders() {
        ExecutorService p = pingSenders;
        if (p == null) {
            throw new IllegalStateException("wskit is not started");
        }
        return p;
    }

    /** The shared timer for pings and delayed work; one daemon thread, so tasks must be short. */
    public static ScheduledExecutorService scheduler() {
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            throw new IllegalStateException("wskit is not started");
        }
        return s;
    }
}
