package dev.wskit.ops;

import dev.wskit.runtime.WskitBootstrap;
import dev.wskit.runtime.WskitRuntime;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;

/**
 * Makes the drain the first thing wskit's web application does when it stops, before the WebSocket container closes
 * the sessions itself (with 1001).
 *
 * <p>Why an initializer: a servlet container calls {@code contextDestroyed} in the reverse order of the listeners'
 * registration, and registers the listeners that initializers add after those declared in {@code web.xml} or by
 * annotation, in the order the initializers ran, the container's own first. Tomcat's WebSocket initializer (WsSci)
 * adds the {@code WsContextListener} whose {@code contextDestroyed} closes every session with 1001; this initializer,
 * being the web application's, runs after it, so its listener is told of the stop first and drains while the
 * sessions are still open (StandardContext.listenerStart/listenerStop). Jetty stops the web application's handlers and
 * its WebSocket container bean before calling any {@code contextDestroyed} but leaves the connections open, so the
 * drain works there from either listener. Closing the {@code WskitRuntime} drains too (a no-op once this has run),
 * for deployments that skip initializers.
 *
 * <p>Stateless; registered in {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 */
public final class DrainFirst implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addListener(new Listener());
    }

    /** Drains the runtime the bootstrap left in the servlet context, if any. */
    static final class Listener implements ServletContextListener {
        @Override
        public void contextDestroyed(ServletContextEvent event) {
            if (event.getServletContext().getAttribute(WskitBootstrap.RUNTIME) instanceof WskitRuntime runtime) {
                runtime.operations().drain();
            }
        }
    }
}
