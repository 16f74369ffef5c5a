package dev.wskit.testing;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.util.List;

/**
 * The Jetty Jakarta client, found the standard way through {@link ContainerProvider}, sized so the tests can
 * receive wskit's largest messages whole. Thread-safe: the container is shared by all tests in a JVM.
 */
public final class Clients {

    /** Room for a 16 MiB echo plus a margin, so the client is never the side that refuses a message. */
    public static final int CLIENT_MAX_MESSAGE = 32 * 1024 * 1024;

    private static final WebSocketContainer CONTAINER = create();

    private Clients() {
    }

    public static WebSocketContainer container() {
        return CONTAINER;
    }

    public static Session connect(Recorder recorder, URI uri) {
        return connect(recorder, uri, ClientEndpointConfig.Builder.create().build());
    }

    public static Session connect(Recorder recorder, URI uri, List<String> subprotocols) {
        return connect(recorder, uri, ClientEndpointConfig.Builder.create().preferredSubprotocols(subprotocols).build());
    }

    public static Session connect(Recorder recorder, URI uri, ClientEndpointConfig config) {
        try {
            Session session = CONTAINER.connectToServer(recorder, config, uri);
            session.setMaxTextMessageBufferSize(CLIENT_MAX_MESSAGE);
            session.setMaxBinaryMessageBufferSize(CLIENT_MAX_MESSAGE);
            return session;
        } catch (Exception e) {
            throw new AssertionError("could not connect to " + uri, e);
        }
    }

    private static WebSocketContainer create() {
        WebSocketContainer c = ContainerProvider.getWebSocketContainer();
        c.setDefaultMaxTextMessageBufferSize(CLIENT_MAX_MESSAGE);
        c.setDefaultMaxBinaryMessageBufferSize(CLIENT_MAX_MESSAGE);
        c.setDefaultMaxSessionIdleTimeout(60_000);
        return c;
    }
}
