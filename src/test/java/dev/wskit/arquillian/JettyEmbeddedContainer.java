package dev.wskit.arquillian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * An Arquillian container adapter for embedded Jetty 12.1 (EE10), the Jetty wskit runs on in production.
 *
 * <p>Why our own: the only released adapter, {@code arquillian-jetty-embedded-12-ee10} 2.0.0.Final, deploys through
 * {@code jetty-deploy} classes ({@code App}, {@code AppProvider}, {@code DeploymentManager}) that Jetty 12.1 removed,
 * so it cannot run on 12.1.
 *
 * <p>One Jetty server per test run, on {@link JettyEmbeddedConfiguration#getBindAddress()} and a port the OS chooses.
 * Each ShrinkWrap WAR is exported to a temporary {@code .war} file and deployed as a {@link WebAppContext} at
 * {@code /<archive name>} ({@code ROOT.war} at {@code /}) with annotation scanning, so {@code @WebListener} and
 * {@code @ServerEndpoint} classes are found as in a real Jetty. The deployment's classes are hidden from it on the
 * test classpath ({@link #CARRIED_BY_DEPLOYMENT}): a micro-deployment that forgets a class fails here as it would on
 * a real server, instead of quietly borrowing the test classpath's copy.
 *
 * <p>The deployment is reported as an {@link HTTPContext} with the real port and one {@link Servlet} per servlet of
 * the web application: {@code @ArquillianResource URL} resolves to the context root, and the servlet protocol finds
 * the runner servlet it added to the WAR for in-container tests.
 *
 * <p>Not thread-safe: Arquillian calls it from the test thread only.
 */
public class JettyEmbeddedContainer implements DeployableContainer<JettyEmbeddedConfiguration> {

    /** The protocol of {@code arquillian-protocol-servlet-jakarta} (its {@code ServletProtocol.PROTOCOL_NAME}). */
    static final String SERVLET_PROTOCOL = "Servlet 5.0";

    /**
     * Packages a deployment must carry in its own WAR, as on a real server; the test classpath's copies are hidden
     * from it.
     */
    static final String[] CARRIED_BY_DEPLOYMENT = {
        "dev.wskit.", "com.fasterxml.jackson.", "org.jboss.arquillian.", "org.jboss.shrinkwrap.",
        "org.junit.", "org.opentest4j.", "org.awaitility."
    };

    private static final System.Logger LOG = System.getLogger(JettyEmbeddedContainer.class.getName());

    private final Map<String, Deployed> deployed = new HashMap<>();
    private JettyEmbeddedConfiguration configuration;
    private Server server;
    private ServerConnector connector;
    private ContextHandlerCollection contexts;
    private Path workDir;

    private record Deployed(WebAppContext webapp, Path war, Path tempDir) {
    }

    @Override
    public Class<JettyEmbeddedConfiguration> getConfigurationClass() {
        return JettyEmbeddedConfiguration.class;
    }

    @Override
    public void setup(JettyEmbeddedConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        if (configuration == null) {
            configuration = new JettyEmbeddedConfiguration();
        }
        try {
            workDir = Files.createTempDirectory("wskit-arquillian");
            server = new Server();
            connector = new ServerConnector(server);
            connector.setHost(configuration.getBindAddress());
            connector.setPort(configuration.getBindPort());
            server.addConnector(connector);
            contexts = new ContextHandlerCollection();
            server.setHandler(contexts);
            server.start();
        } catch (Exception e) {
            throw new LifecycleException("embedded Jetty " + Server.getVersion() + " did not start on "
                    + configuration.getBindAddress() + ":" + configuration.getBindPort(), e);
        }
        LOG.log(Level.INFO, "arquillian | start | Jetty {0} on {1}:{2,number,#}", Server.getVersion(),
                configuration.getBindAddress(), connector.getLocalPort());
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new LifecycleException("embedded Jetty did not stop", e);
        } finally {
            deployed.clear();
            deleteRecursively(workDir);
            server = null;
        }
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription(SERVLET_PROTOCOL);
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = archive.getName();
        if (!name.endsWith(".war")) {
            throw new DeploymentException("only web archives (.war) can be deployed to embedded Jetty, not " + name);
        }
        if (deployed.containsKey(name)) {
            throw new DeploymentException(name + " is already deployed");
        }
        Path war = workDir.resolve(name);
        Path tempDir = workDir.resolve(name + ".work");
        WebAppContext webapp = new WebAppContext();
        try {
            archive.as(ZipExporter.class).exportTo(war.toFile(), true);
            Files.createDirectories(tempDir);
            webapp.setContextPath(contextPath(name));
            webapp.setWar(war.toString());
            webapp.setTempDirectory(tempDir.toFile());
            webapp.setThrowUnavailableOnStartupException(true);
            webapp.getHiddenClassMatcher().add(CARRIED_BY_DEPLOYMENT);
            contexts.addHandler(webapp);
            webapp.start();
        } catch (Exception | LinkageError e) {
            // LinkageError too: a class the WAR lacks surfaces as NoClassDefFoundError, a deployment failure like any.
            contexts.removeHandler(webapp);
            deleteRecursively(tempDir);
            deleteRecursively(war);
            throw new DeploymentException(name + " did not deploy to embedded Jetty " + Server.getVersion(), e);
        }
        deployed.put(name, new Deployed(webapp, war, tempDir));

        HTTPContext http = new HTTPContext(configuration.getBindAddress(), connector.getLocalPort());
        for (ServletHolder servlet : webapp.getServletHandler().getServlets()) {
            http.add(new Servlet(servlet.getName(), webapp.getContextPath()));
        }
        LOG.log(Level.INFO, "arquillian | deploy | {0} at {1}", name, http);
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        Deployed d = deployed.remove(archive.getName());
        if (d == null) {
            throw new DeploymentException(archive.getName() + " is not deployed");
        }
        try {
            d.webapp().stop();
        } catch (Exception e) {
            throw new DeploymentException(archive.getName() + " did not stop", e);
        } finally {
            contexts.removeHandler(d.webapp());
            deleteRecursively(d.tempDir());
            deleteRecursively(d.war());
        }
        LOG.log(Level.INFO, "arquillian | undeploy | {0}", archive.getName());
    }

    /** {@code ROOT.war} is the root context, {@code name.war} is {@code /name}, as in Jetty's and Tomcat's webapps/. */
    static String contextPath(String warName) {
        String base = warName.substring(0, warName.length() - ".war".length());
        return base.equals("ROOT") ? "/" : "/" + base;
    }

    private static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "arquillian | cleanup | could not delete {0}: {1}", path, e.toString());
        }
    }
}
