package dev.wskit.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's own promises, driven directly, without Arquillian's runner. */
class JettyEmbeddedContainerTest {

    private final JettyEmbeddedContainer container = new JettyEmbeddedContainer();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        container.setup(new JettyEmbeddedConfiguration());
        container.start();
    }

    @AfterEach
    void stop() throws Exception {
        container.stop();
    }

    @Test
    void deploysWarAtItsNameAndReportsTheRealPortAndItsServlets() throws Exception {
        WebArchive war = WskitArchives.echo("probe.war");
        ProtocolMetaData metaData = container.deploy(war);

        HTTPContext context = onlyHttpContext(metaData);
        assertEquals("127.0.0.1", context.getHost());
        assertTrue(context.getPort() > 0, "port " + context.getPort());
        List<String> names = context.getServlets().stream().map(Servlet::getName).toList();
        assertTrue(names.contains("default"), "servlets " + names);
        Servlet servlet = context.getServletByName("default");
        assertEquals(URI.create("http://127.0.0.1:" + context.getPort() + "/probe/"), servlet.getBaseURI());

        assertEquals(426, get(servlet.getBaseURI().resolve("echo")).statusCode(),
                "the deployed gate answers a plain GET on /echo");

        container.undeploy(war);
        assertEquals(404, get(servlet.getBaseURI().resolve("echo")).statusCode(), "undeployed means gone");
    }

    @Test
    void rootWarDeploysAtTheRootContext() throws Exception {
        ProtocolMetaData metaData = container.deploy(WskitArchives.echo("ROOT.war"));
        HTTPContext context = onlyHttpContext(metaData);
        HttpResponse<String> response = get(URI.create("http://127.0.0.1:" + context.getPort() + "/echo"));
        assertEquals(426, response.statusCode());
        assertTrue(response.body().contains("This is a WebSocket endpoint"), response.body());
    }

    @Test
    void mapsWarNamesToContextPathsLikeAWebappsDirectory() {
        assertEquals("/", JettyEmbeddedContainer.contextPath("ROOT.war"));
        assertEquals("/wskit-echo", JettyEmbeddedContainer.contextPath("wskit-echo.war"));
    }

    @Test
    void refusesDeploymentThatLacksAClassItNeedsInsteadOfBorrowingTheTestClasspath() {
        // WskitBootstrap installs dev.wskit.web.HandshakeGate (and the edge, a HandshakeGate.Guard); leave that
        // package out of the WAR.
        WebArchive war = ShrinkWrap.create(WebArchive.class, "incomplete.war")
                .addPackages(false, "dev.wskit.runtime", "dev.wskit.config", "dev.wskit.echo", "dev.wskit.rooms",
                        "dev.wskit.codec", "dev.wskit.ops", "dev.wskit.edge", "dev.wskit.auth", "dev.wskit.rooms.redis")
                .addAsLibraries(WskitArchives.libraries())
                .setWebXML(WskitArchives.WEB_XML);
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.deploy(war));
        assertTrue(e.getMessage().contains("incomplete.war did not deploy"), e.getMessage());
        assertTrue(causeChain(e).contains("HandshakeGate"), causeChain(e));
    }

    @Test
    void refusesArchivesThatAreNotWebArchives() {
        JavaArchive jar = ShrinkWrap.create(JavaArchive.class, "library.jar");
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.deploy(jar));
        assertTrue(e.getMessage().contains("only web archives"), e.getMessage());
    }

    @Test
    void refusesToUndeployWhatIsNotDeployed() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> container.undeploy(ShrinkWrap.create(WebArchive.class, "never.war")));
        assertTrue(e.getMessage().contains("never.war is not deployed"), e.getMessage());
    }

    @Test
    void configurationRejectsPortsOutOfRange() {
        JettyEmbeddedConfiguration configuration = new JettyEmbeddedConfiguration();
        configuration.setBindPort(65536);
        ConfigurationException e = assertThrows(ConfigurationException.class, configuration::validate);
        assertTrue(e.getMessage().contains("bindPort"), e.getMessage());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HTTPContext onlyHttpContext(ProtocolMetaData metaData) {
        List<HTTPContext> contexts = List.copyOf(metaData.getContexts(HTTPContext.class));
        assertEquals(1, contexts.size(), "HTTP contexts reported: " + contexts);
        return contexts.get(0);
    }

    private static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }
}
