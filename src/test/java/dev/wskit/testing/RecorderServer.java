package dev.wskit.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A WebSocket server that is not wskit: embedded Jetty on 127.0.0.1 and port 0 with one path, {@code /record},
 * where every connection is a fresh server-side {@link Recorder}. Tests use it to see exactly what a client sent
 * (messages, close code and reason) and to prove a client works against servers other than wskit.
 *
 * <p>Connections are handed out in the order they open. Not thread-safe: start and stop it from the test thread;
 * the queue of connections is safe to read while the container fills it.
 */
public final class RecorderServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final BlockingQueue<Recorder> connections = new LinkedBlockingQueue<>();

    private RecorderServer() {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setDefaultMaxTextMessageBufferSize(Clients.CLIENT_MAX_MESSAGE);
            container.setDefaultMaxBinaryMessageBufferSize(Clients.CLIENT_MAX_MESSAGE);
            container.addEndpoint(ServerEndpointConfig.Builder.create(Recorder.class, "/record")
                    .configurator(new ServerEndpointConfig.Configurator() {
                        @Override
                        public <T> T getEndpointInstance(Class<T> type) {
                            Recorder recorder = new Recorder();
                            connections.add(recorder);
                            return type.cast(recorder);
                        }
                    })
                    .build());
        });
        server.setHandler(context);
    }

    public static RecorderServer start() {
        RecorderServer recorder = new RecorderServer();
        try {
            recorder.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("recorder server did not start", e);
        }
        return recorder;
    }

    public URI ws() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/record");
    }

    /** The next connection a client opened, waiting at most {@link Recorder#WAIT}. */
    public Recorder nextConnection() {
        try {
            Recorder recorder = connections.poll(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(recorder, "no connection to " + ws() + " within " + Recorder.WAIT);
            return recorder;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the recorder server", e);
        } catch (Exception e) {
            throw new IllegalStateException("recorder server did not stop", e);
        }
    }
}
