package dev.wskit.runtime;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.Version;
import dev.wskit.echo.EchoRoutes;
import dev.wskit.rooms.RoomRoutes;
import dev.wskit.web.HandshakeGate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;
import java.util.EnumSet;

/**
 * Starts and stops wskit inside its web application. On start it resolves the {@link Settings} (system property,
 * environment, context parameter, default), starts the {@link WskitRuntime} and keeps it as the servlet context
 * attribute {@link #RUNTIME}, applies the settings to the WebSocket container's defaults, installs the
 * {@link HandshakeGate} in front of the WebSocket paths, and deploys the endpoints ({@link WskitEndpoints}). On
 * stop it closes the runtime, which stops every thread wskit started.
 *
 * <p>Runs once per deployment, on the container's start-up and shut-down threads, after the container's own
 * initializers (which is what lets the gate be mapped ahead of their upgrade filter). Holds no state of its own.
 */
@WebListener
public class WskitBootstrap implements ServletContextListener {

    /** The servlet context attribute that holds the running {@link WskitRuntime}. */
    public static final String RUNTIME = WskitRuntime.class.getName();

    private static final System.Logger LOG = System.getLogger(WskitBootstrap.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.resolve(context::getInitParameter);
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("No WebSocket container in this servlet container: enable Jakarta WebSocket"
                    + " (Jetty: the ee10-websocket-jakarta module; Tomcat has it built in)");
        }
        WskitRuntime runtime = WskitRuntime.start(settings, ContainerKind.of(context.getServerInfo()));
        try {
            container.setDefaultMaxSessionIdleTimeout(settings.get(Setting.IDLE_TIMEOUT));
            // Per container (ContainerKind): Tomcat allocates these for every session up front, Jetty only as it reads.
            int buffer = runtime.echo().messageBufferSize();
            container.setDefaultMaxTextMessageBufferSize(buffer);
            container.setDefaultMaxBinaryMessageBufferSize(buffer);

            HandshakeGate gate = new HandshakeGate();
            EchoRoutes.install(gate, runtime);
            RoomRoutes.install(gate, runtime);
            runtime.operations().install(context, gate);
            gate.guard(runtime.edge());
            FilterRegistration.Dynamic registration = context.addFilter("wskit-handshake-gate", gate);
            registration.setAsyncSupported(true);
            // isMatchAfter=false: ahead of every filter already mapped, the container's upgrade filter included.
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, gate.patterns());

            for (Class<?> endpoint : WskitEndpoints.ALL) {
                container.addEndpoint(WskitEndpoints.config(endpoint, runtime));
            }
        } catch (DeploymentException | RuntimeException e) {
            runtime.close();
            throw new IllegalStateException("wskit did not start: " + e.getMessage(), e);
        }
        context.setAttribute(RUNTIME, runtime);
        LOG.log(Level.INFO, "wskit {0} | start | {1} on {2} ({3}, message buffers {4} bytes) | settings {5}",
                Version.WSKIT, context.getContextPath(), context.getServerInfo(), runtime.container(),
                runtime.echo().messageBufferSize(), settings);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object runtime = context.getAttribute(RUNTIME);
        context.removeAttribute(RUNTIME);
        if (runtime instanceof WskitRuntime r) {
            r.close();
            LOG.log(Level.INFO, "wskit {0} | stop | {1}", Version.WSKIT, context.getContextPath());
        }
    }
}
