package dev.wskit.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainerProvider;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Jetty Jakarta WebSocket client set up from {@link ConnectOptions}: connect timeout, TLS trust and source
 * address live in Jetty's HttpClient, which the plain {@code ContainerProvider.getWebSocketContainer()} cannot
 * configure, so the container comes from Jetty's {@code ContainerProvider} implementation given that HttpClient.
 * Everything above it (endpoints, configs, sessions) is standard Jakarta WebSocket.
 *
 * <p>Thread-safe: one Transport serves many concurrent connects (bench).
 */
public final class Transport implements AutoCloseable {

    /** Thrown when an option names a file that cannot be used. */
    public static final class BadOptionException extends Exception {
        public BadOptionException(String message) {
            super(message);
        }
    }

    private final ConnectOptions options;
    private final HttpClient http;
    private final WebSocketContainer container;
    /** Body of the last non-101 handshake answer per URI: wskit explains refusals there. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private volatile boolean warm;

    public Transport(ConnectOptions options, int maxMessageSize, String bindAddress) throws BadOptionException {
        this.options = options;
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(ssl(options));
        connector.setConnectTimeout(options.connectTimeout);
        if (bindAddress != null) {
            connector.setBindAddress(new InetSocketAddress(bindAddress, 0));
        }
        http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setConnectTimeout(options.connectTimeout.toMillis());
        http.setName("wskit-cli");
        http.getRequestListeners().addListener(new Request.Listener() {
            @Override
            public void onBegin(Request request) {
                recordRefusals(request);
                String token = options.token();
                if (token != null) {
                    // Here rather than in a Configurator: annotated endpoints (rooms, bench) have their own.
                    request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token));
                }
            }
        });
        try {
            // Started here, not lazily by the container: concurrent first connects on an unstarted client lose
            // their upgrade (Jetty 12.1.8: "Connection future timeout"), which bench does on purpose.
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP client did not start", e);
        }
        container = JakartaWebSocketClientContainerProvider.getContainer(http);
        if (container instanceof LifeCycle lc && !lc.isStarted()) {
            try {
                lc.start();
            } catch (Exception e) {
                throw new IllegalStateException("the WebSocket client did not start", e);
            }
        }
        container.setDefaultMaxTextMessageBufferSize(maxMessageSize);
        container.setDefaultMaxBinaryMessageBufferSize(maxMessageSize);
        container.setDefaultMaxSessionIdleTimeout(options.idleTimeout.toMillis());
        container.setAsyncSendTimeout(options.connectTimeout.toMillis() * 3);
    }

    public WebSocketContainer container() {
        return container;
    }

    /** Connects a programmatic endpoint with the handshake options (headers, origin, subprotocols, deflate). */
    public Session connect(Endpoint endpoint, URI uri) throws DeploymentException, IOException {
        refusals.remove(uri.toString());
        return once(() -> container.connectToServer(endpoint, endpointConfig(), uri));
    }

    /** Connects an annotated {@code @ClientEndpoint}; its own annotation supplies the handshake config. */
    public Session connectAnnotated(Object endpoint, URI uri) throws DeploymentException, IOException {
        return once(() -> container.connectToServer(endpoint, uri));
    }

    private interface Connect {
        Session run() throws DeploymentException, IOException;
    }

    /**
     * Runs the first connect alone: Jetty 12.1.8 creates its core client lazily on the first connect, and
     * concurrent first connects each create one, all but one unstarted ("WebSocketCoreClient is not started").
     */
    private Session once(Connect connect) throws DeploymentException, IOException {
        if (!warm) {
            synchronized (this) {
                if (!warm) {
                    try {
                        return connect.run();
                    } finally {
                        warm = true;
                    }
                }
            }
        }
        return connect.run();
    }

    /** The body of the server's non-101 answer to the last handshake to {@code uri}, or null. */
    public String refusalBody(URI uri) {
        return refusals.get(uri.toString());
    }

    public ClientEndpointConfig endpointConfig() {
        List<Extension> extensions = options.deflate ? List.of(new Deflate()) : List.of();
        return ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(options.subprotocols)
                .extensions(extensions)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        for (Map.Entry<String, String> h : options.extraHeaders()) {
                            headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
                        }
                        if (options.origin != null) {
                            headers.put("Origin", List.of(options.origin));
                        }
                    }

                    @Override
                    public void afterResponse(HandshakeResponse hr) {
                    }
                })
                .build();
    }

    private void recordRefusals(Request request) {
        String uri = request.getURI().toString().replaceFirst("^http", "ws");
        StringBuilder body = new StringBuilder();
        request.onResponseContent((response, content) -> {
            if (response.getStatus() != 101 && body.length() < 2000) {
                ByteBuffer copy = content.slice();
                body.append(StandardCharsets.UTF_8.decode(copy));
                refusals.put(uri, body.toString());
            }
        });
    }

    private static SslContextFactory.Client ssl(ConnectOptions options) throws BadOptionException {
        SslContextFactory.Client ssl = new SslContextFactory.Client(options.insecure);
        if (options.insecure) {
            ssl.setEndpointIdentificationAlgorithm(null);
        }
        if (options.trustCa != null) {
            ssl.setTrustStore(trustStore(options));
        }
        return ssl;
    }

    private static KeyStore trustStore(ConnectOptions options) throws BadOptionException {
        try (InputStream in = Files.newInputStream(options.trustCa)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new BadOptionException("--trust-ca " + options.trustCa + ": no certificate in the file");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            return ks;
        } catch (IOException e) {
            throw new BadOptionException("--trust-ca " + options.trustCa + ": cannot read the file (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new BadOptionException("--trust-ca " + options.trustCa + ": not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        try {
            JakartaWebSocketClientContainerProvider.stop(container);
        } catch (Exception e) {
            // Stopping only releases threads and sockets at exit; nothing useful to report.
        }
        try {
            http.stop();
        } catch (Exception e) {
            // As above.
        }
    }

    /** The permessage-deflate offer with default parameters. Immutable. */
    private static final class Deflate implements Extension {
        @Override
        public String getName() {
            return "permessage-deflate";
        }

        @Override
        public List<Parameter> getParameters() {
            return List.of();
        }
    }
}
