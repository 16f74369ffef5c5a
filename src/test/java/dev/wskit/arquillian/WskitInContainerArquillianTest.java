package dev.wskit.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.runtime.WskitBootstrap;
import dev.wskit.runtime.WskitRuntime;
import dev.wskit.testing.Clients;
import dev.wskit.testing.Recorder;
import jakarta.servlet.ServletContext;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In-container mode: these tests run inside the deployed web application (Arquillian's servlet protocol calls them
 * through a servlet it adds to the WAR), so they see what only the application sees: the settings its
 * {@code web.xml} produced, the WebSocket container in its servlet context, and a Jakarta client opened from inside.
 *
 * <p>The micro-deployment's web.xml sets values no default has, so a test that accidentally ran in the test JVM
 * (where no web application started a runtime) would find none, or defaults, and fail.
 */
@ExtendWith(ArquillianExtension.class)
class WskitInContainerArquillianTest {

    static final long MAX_DELAY = 4321;
    static final long IDLE_TIMEOUT = 123_000;
    static final long BUFFER_SIZE = 32_768;

    @Deployment
    static WebArchive deployment() {
        return WskitArchives.echo("wskit-in-container.war")
                .setWebXML(WskitArchives.webXml(Map.of(
                        Setting.ECHO_MAX_DELAY.key(), Long.toString(MAX_DELAY),
                        Setting.IDLE_TIMEOUT.key(), Long.toString(IDLE_TIMEOUT),
                        Setting.MESSAGE_BUFFER_SIZE.key(), Long.toString(BUFFER_SIZE))))
                .addClasses(Clients.class, Recorder.class, ContextRoot.class, dev.wskit.testing.Deployment.class);
    }

    @ArquillianResource
    private ServletContext servletContext;

    @ArquillianResource
    private URL contextRoot;

    @Test
    void runtimeSettingsHoldTheWebXmlValues() {
        WskitRuntime runtime = (WskitRuntime) servletContext.getAttribute(WskitBootstrap.RUNTIME);
        assertNotNull(runtime, "no wskit runtime in the servlet context");
        Settings settings = runtime.settings();
        assertEquals(MAX_DELAY, settings.get(Setting.ECHO_MAX_DELAY));
        assertEquals(IDLE_TIMEOUT, settings.get(Setting.IDLE_TIMEOUT));
        assertEquals(BUFFER_SIZE, settings.get(Setting.MESSAGE_BUFFER_SIZE));
        assertEquals(Setting.ECHO_MAX_REPEAT.defaultValue(), settings.get(Setting.ECHO_MAX_REPEAT),
                "a setting the web.xml leaves out keeps its default");
    }

    @Test
    void runsInsideTheWebApplicationClassLoader() {
        assertSame(Thread.currentThread().getContextClassLoader(), Settings.class.getClassLoader(),
                "wskit's classes must come from the deployment, not the test classpath");
        assertSame(Settings.class.getClassLoader(), getClass().getClassLoader());
        assertEquals("/wskit-in-container", servletContext.getContextPath());
    }

    @Test
    void servletContextHoldsTheWebSocketContainerConfiguredFromSettings() {
        Object attribute = servletContext.getAttribute(ServerContainer.class.getName());
        assertNotNull(attribute, "no jakarta.websocket.server.ServerContainer in the servlet context");
        ServerContainer container = (ServerContainer) attribute;
        assertEquals(IDLE_TIMEOUT, container.getDefaultMaxSessionIdleTimeout());
        assertEquals(BUFFER_SIZE, container.getDefaultMaxTextMessageBufferSize());
        assertEquals(BUFFER_SIZE, container.getDefaultMaxBinaryMessageBufferSize());
    }

    @Test
    void jakartaClientInsideTheContainerEchoesThroughTheAppsOwnEndpoint() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, ContextRoot.of(contextRoot).ws("/echo"));
        session.getBasicRemote().sendText("from inside");
        assertEquals("from inside", client.nextText());
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {4, 2}));
        assertEquals(ByteBuffer.wrap(new byte[] {4, 2}), ByteBuffer.wrap(client.nextBinary()));
        session.close();
        client.assertClosed(1000, "");
        client.assertNoErrors();
    }

    @Test
    void handshakeGateEnforcesTheWebXmlBoundOfDelay() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, ContextRoot.of(contextRoot).ws("/echo?delay=" + MAX_DELAY
                + "&closeAfter=1&closeCode=4002&closeReason=at%20the%20bound"));
        session.getBasicRemote().sendText("x");
        client.assertClosed(4002, "at the bound");
        client.assertNoErrors();

        try {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(ContextRoot.of(contextRoot).ws("/echo?delay=" + (MAX_DELAY + 1)), new WebSocket.Listener() { })
                    .join();
            throw new AssertionError("delay one past the web.xml bound must be refused");
        } catch (CompletionException e) {
            WebSocketHandshakeException refused = (WebSocketHandshakeException) e.getCause();
            assertEquals(400, refused.getResponse().statusCode());
            String body = String.valueOf(refused.getResponse().body());
            assertTrue(body.contains("delay must be between 0 and " + MAX_DELAY), body);
        }
    }
}
