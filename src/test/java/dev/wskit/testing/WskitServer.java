package dev.wskit.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * wskit in embedded Jetty: the exploded WAR ({@code target/wskit/}, built before the tests run) deployed as a real
 * web application on 127.0.0.1 and a port the OS chooses. Settings are overridden through an override descriptor,
 * as an operator would, never through JVM-wide properties.
 *
 * <p>Not thread-safe: start and stop it from the test thread.
 */
public final class WskitServer implements Deployment, AutoCloseable {

    /** The exploded WAR the build lays out in process-test-classes. */
    public static final Path EXPLODED_WAR = Path.of("target", "wskit");

    private final Server server;
    private final ServerConnector connector;
    private final ContextHandlerCollection contexts;
    private final Map<String, String> settings;
    private WebAppContext webapp;

    private WskitServer(Server server, ServerConnector connector, ContextHandlerCollection contexts, WebAppContext webapp,
            Map<String, String> settings) {
        this.server = server;
        this.connector = connector;
        this.contexts = contexts;
        this.webapp = webapp;
        this.settings = settings;
    }

    public static WskitServer start() {
        return start(Map.of());
    }

    /** Starts wskit with the given context parameters overriding {@code web.xml}'s. */
    public static WskitServer start(Map<String, String> settings) {
        return start(settings, 0);
    }

    /**
     * As {@link #start(Map)}, with at most {@code maxThreads} threads in Jetty's pool (its acceptor and selector
     * included), for tests that must outnumber the container's threads.
     */
    public static WskitServer startWithThreads(Map<String, String> settings, int maxThreads) {
        return start(settings, 0, maxThreads);
    }

    /** As {@link #start(Map)}, on a given port: only for {@link WskitLauncher}; tests always use port 0. */
    static WskitServer start(Map<String, String> settings, int port) {
        return start(settings, port, 0);
    }

    private static WskitServer start(Map<String, String> settings, int port, int maxThreads) {
        if (!Files.isDirectory(EXPLODED_WAR.resolve("WEB-INF"))) {
            throw new IllegalStateException(EXPLODED_WAR + " is missing: run the tests through Maven (mvn verify)");
        }
        Server server = maxThreads > 0
                ? new Server(new QueuedThreadPool(maxThreads, Math.min(4, maxThreads)))
                : new Server();
        // One acceptor and one selector, so the pool's size says how many threads are left to run requests.
        ServerConnector connector = maxThreads > 0 ? new ServerConnector(server, 1, 1) : new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        try {
            WebAppContext webapp = webapp(settings);
            ContextHandlerCollection contexts = new ContextHandlerCollection(webapp);
            server.setHandler(contexts);
            server.start();
            return new WskitServer(server, connector, contexts, webapp, settings);
        } catch (Exception e) {
            throw new IllegalStateException("wskit did not start", e);
        }
    }

    private static WebAppContext webapp(Map<String, String> settings) throws IOException {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(EXPLODED_WAR.toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        // Only Jetty's own WebSocket initializer: on a classpath that also holds Tomcat's jars (WskitLauncher and the
        // rooms-bench profile run with the whole test classpath) Tomcat's would start a second WebSocket container
        // in this context, and the one left in the context attribute, where wskit deploys, would not be Jetty's.
        webapp.setAttribute("org.eclipse.jetty.containerInitializerExclusionPattern", "org\\.apache\\.tomcat\\..*");
        if (!settings.isEmpty()) {
            webapp.addOverrideDescriptor(overrideDescriptor(settings).toString());
        }
        return webapp;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public URI root() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Stops the web application only, as an undeploy or redeploy does; the server and its connector stay up. */
    public void stopWebApp() throws Exception {
        webapp.stop();
    }

    /**
     * Deploys the WAR again as Jetty's deployer does (atomic redeploy): a new web application is started, takes the
     * old one's place, and the old one is stopped; a new wskit on the same port.
     */
    public void redeploy() throws Exception {
        WebAppContext next = webapp(settings);
        WebAppContext old = webapp;
        contexts.addHandler(next);
        next.start();
        contexts.removeHandler(old);
        webapp = next;
        old.stop();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static Path overrideDescriptor(Map<String, String> settings) throws IOException {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                """);
        settings.forEach((k, v) -> xml.append("  <context-param><param-name>").append(k)
                .append("</param-name><param-value>").append(v).append("</param-value></context-param>\n"));
        xml.append("</web-app>\n");
        Path file = Files.createTempFile("wskit-override", ".xml");
        file.toFile().deleteOnExit();
        Files.writeString(file, xml);
        return file;
    }
}
