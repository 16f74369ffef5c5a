package dev.wskit.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}, or {@code $WSKIT_NGINX}) as an ordinary child process in front of a
 * wskit: its configuration, pid file, logs and temp directories under {@code target/nginx/NAME/}, listening on
 * 127.0.0.1 and free ports (plain, and TLS when given a certificate), proxying to wskit with the README's location
 * block ({@code src/test/resources/nginx/wskit-location.conf}, included verbatim). Stopped by its pid on
 * {@link #close()} or, should the test JVM die first, by a shutdown hook. Without nginx, {@link #start} fails saying
 * how to install it.
 *
 * <p>Not thread-safe: start and stop it from the test thread.
 */
public final class Nginx implements Deployment, AutoCloseable {

    /** The README's location block, as the tests include it. */
    public static final Path LOCATION = Path.of("src", "test", "resources", "nginx", "wskit-location.conf");

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final Thread reaper;
    private final Path prefix;
    private final int port;
    private final int tlsPort;

    private Nginx(Process process, Thread reaper, Path prefix, int port, int tlsPort) {
        this.process = process;
        this.reaper = reaper;
        this.prefix = prefix;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** The nginx binary: {@code $WSKIT_NGINX}, else Debian's. */
    public static Path binary() {
        String override = System.getenv("WSKIT_NGINX");
        return Path.of(override != null && !override.isBlank() ? override : "/usr/sbin/nginx");
    }

    /**
     * Starts nginx in front of the wskit on 127.0.0.1:{@code upstreamPort}.
     *
     * @param name         the directory under {@code target/nginx/}
     * @param readTimeout  nginx's {@code proxy_read_timeout}: how long a proxied connection may stay silent
     * @param certificate  a certificate for a TLS listener too, or {@code null} for plain HTTP only
     */
    public static Nginx start(String name, int upstreamPort, Duration readTimeout, TestCertificate certificate) {
        Path nginx = binary();
        if (!Files.isExecutable(nginx)) {
            throw new IllegalStateException(nginx + " is missing: install Debian's nginx (apt-get install nginx;"
                    + " .ci/run does) or point WSKIT_NGINX at an nginx binary");
        }
        Path prefix = Path.of("target", "nginx", name).toAbsolutePath();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            int tlsPort = certificate == null ? 0 : freePort();
            try {
                return launch(nginx, prefix, upstreamPort, readTimeout, certificate, port, tlsPort);
            } catch (IllegalStateException e) {
                last = e;
                if (!e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private static Nginx launch(Path nginx, Path prefix, int upstreamPort, Duration readTimeout,
            TestCertificate certificate, int port, int tlsPort) {
        ExternalServer.deleteTree(prefix);
        try {
            Files.createDirectories(prefix.resolve("temp"));
            Files.copy(LOCATION, prefix.resolve("wskit-location.conf"));
            Files.writeString(prefix.resolve("nginx.conf"), config(prefix, upstreamPort, readTimeout, certificate, port, tlsPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(nginx.toString(), "-p", prefix + "/", "-c", prefix.resolve("nginx.conf").toString(),
                    "-e", prefix.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + nginx, e);
        }
        Thread reaper = new Thread(process::destroyForcibly, "nginx-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            await("nginx listening on 127.0.0.1:" + port + " (log: " + prefix.resolve("error.log") + ")")
                    .atMost(STARTUP).pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || (accepts(port) && (tlsPort == 0 || accepts(tlsPort))));
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + log(prefix));
            }
            return new Nginx(process, reaper, prefix, port, tlsPort);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            Runtime.getRuntime().removeShutdownHook(reaper);
            throw e;
        }
    }

    /** The whole nginx.conf: paths under {@code prefix}, the README's location block included. */
    static String config(Path prefix, int upstreamPort, Duration readTimeout, TestCertificate certificate, int port,
            int tlsPort) {
        String temp = prefix.resolve("temp").toString();
        StringBuilder c = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            c.append("user root;\n"); // CI runs as root; workers would otherwise be nobody, shut out of target/
        }
        c.append("daemon off;\nmaster_process on;\nworker_processes 1;\n")
                .append("pid ").append(prefix.resolve("nginx.pid")).append(";\n")
                .append("error_log ").append(prefix.resolve("error.log")).append(" info;\n")
                .append("events { worker_connections 256; }\n")
                .append("http {\n")
                .append("    # No query strings in the access log: a browser's token travels in one (README, Security).\n")
                .append("    log_format wskit '$remote_addr \"$request_method $uri $server_protocol\" $status $request_time';\n")
                .append("    access_log ").append(prefix.resolve("access.log")).append(" wskit;\n");
        for (String kind : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            c.append("    ").append(kind).append("_temp_path ").append(temp).append('/').append(kind).append(";\n");
        }
        c.append("""
                    map $http_upgrade $connection_upgrade {
                        default upgrade;
                        ''      close;
                    }
                    upstream wskit {
                        server 127.0.0.1:%d;
                    }
                    server {
                        listen 127.0.0.1:%d;
                """.formatted(upstreamPort, port));
        if (certificate != null) {
            c.append("        listen 127.0.0.1:").append(tlsPort).append(" ssl;\n")
                    .append("        ssl_certificate ").append(certificate.certificatePem()).append(";\n")
                    .append("        ssl_certificate_key ").append(certificate.keyPem()).append(";\n");
        }
        c.append("        proxy_read_timeout ").append(readTimeout.toMillis()).append("ms;\n")
                .append("        proxy_send_timeout ").append(readTimeout.toMillis()).append("ms;\n")
                .append("        include ").append(prefix.resolve("wskit-location.conf")).append(";\n")
                .append("    }\n}\n");
        return c.toString();
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public URI root() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code wss://127.0.0.1:TLS_PORT/path}. */
    public URI wss(String path) {
        if (tlsPort == 0) {
            throw new IllegalStateException("this nginx has no TLS listener");
        }
        return URI.create("wss://127.0.0.1:" + tlsPort + path);
    }

    /** What nginx logged so far: its error log and access log. */
    public String logs() {
        return log(prefix) + "\n--- access.log\n" + read(prefix.resolve("access.log"));
    }

    /** Stops nginx by its pid (SIGTERM to the master, which stops its workers), and waits for it. */
    @Override
    public void close() {
        List<ProcessHandle> workers = process.toHandle().children().toList();
        ExternalServer.stop(process, reaper);
        workers.forEach(ProcessHandle::destroyForcibly); // gone with their master already, unless it was killed
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String log(Path prefix) {
        return read(prefix.resolve("error.log")) + read(prefix.resolve("stdout.log"));
    }

    private static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
