package dev.wskit.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ApplicationParameter;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * wskit in embedded Tomcat 11: the exploded WAR ({@code target/wskit/}) deployed as a web application at {@code /},
 * on 127.0.0.1 and a port the OS chooses. Loaded only in the tomcat-test surefire execution, whose classpath has
 * no Jetty and no separate WebSocket or Servlet API jars (this class must not touch {@link WskitServer}).
 *
 * <p>Not thread-safe: start and stop it from the test thread.
 */
public final class EmbeddedTomcat implements Deployment, AutoCloseable {

    private static final Path EXPLODED_WAR = Path.of("target", "wskit");
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Tomcat tomcat;
    private final Connector connector;

    private EmbeddedTomcat(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    public static EmbeddedTomcat start() {
        return start(Map.of());
    }

    /**
     * Starts wskit with these settings as context parameters (the web.xml level of {@code Settings}, replacing the
     * shipped web.xml's values), so a test can shrink a limit without touching system properties shared by the JVM.
     */
    public static EmbeddedTomcat start(Map<String, String> settings) {
        return startWithThreads(settings, 0);
    }

    /**
     * As {@link #start(Map)}, with at most {@code maxThreads} request threads in the connector (0: Tomcat's default,
     * 200), for tests that must outnumber the container's threads.
     */
    public static EmbeddedTomcat startWithThreads(Map<String, String> settings, int maxThreads) {
        if (!Files.isDirectory(EXPLODED_WAR.resolve("WEB-INF"))) {
            throw new IllegalStateException(EXPLODED_WAR + " is missing: run the tests through Maven (mvn verify)");
        }
        Tomcat tomcat = new Tomcat();
        // One base (work) directory per server: tests may run several at once, one per set of settings.
        tomcat.setBaseDir(Path.of("target", "tomcat-embedded", Integer.toString(INSTANCES.incrementAndGet()))
                .toAbsolutePath().toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        if (maxThreads > 0) {
            connector.setProperty("maxThreads", Integer.toString(maxThreads));
            connector.setProperty("minSpareThreads", Integer.toString(Math.min(2, maxThreads)));
        }
        tomcat.setConnector(connector);
        // Tomcat's default web.xml would add a JSP servlet, and Jasper is not here: add only the default servlet.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", EXPLODED_WAR.toAbsolutePath().toString());
        Tomcat.addServlet(context, "default", DefaultServlet.class.getName()).setLoadOnStartup(1);
        context.addServletMappingDecoded("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);
        settings.forEach((name, value) -> {
            // As server.xml would: a parameter that overrides the WAR's web.xml (addParameter would clash with it).
            ApplicationParameter parameter = new ApplicationParameter();
            parameter.setName(name);
            parameter.setValue(value);
            parameter.setOverride(false);
            context.addApplicationParameter(parameter);
        });
        // The WAR's own classes and jars are all there is to scan; the test classpath would only cost seconds.
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("embedded Tomcat did not start", e);
        }
        if (connector.getLocalPort() <= 0) {
            throw new IllegalStateException("embedded Tomcat's connector did not bind: " + connector.getStateName());
        }
        return new EmbeddedTomcat(tomcat, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public URI root() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
