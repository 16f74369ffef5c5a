package dev.wskit.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis for tests: Debian's {@code /usr/bin/redis-server} (override with {@code WSKIT_REDIS_SERVER}) as a
 * child process on 127.0.0.1 and a port the OS picked, without persistence ({@code --save "" --appendonly no}), its
 * working directory and log under {@code target/redis/}. {@link #start()} returns once it answers PING;
 * {@link #stop()} ends it by its pid (SIGTERM, SIGKILL after {@link #STOP_TIMEOUT}); {@link #restart()} starts it again
 * on the same port with empty data, as a Redis without persistence comes back after a crash. A shutdown hook kills it
 * should the test JVM die first.
 *
 * <p>Without redis-server the test class is skipped with a loud message; with {@code CI=true} it fails instead
 * ({@code .ci/run} installs the {@code redis-server} package).
 *
 * <p>Not thread-safe: start, stop and restart it from the test thread. {@link #command} may be called from any thread.
 */
public final class RedisServer implements AutoCloseable {

    public static final Path BINARY = Path.of(env("WSKIT_REDIS_SERVER", "/usr/bin/redis-server"));
    public static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Path dir;
    private final int port;
    private Process process;
    private Thread reaper;
    private volatile String password;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a redis-server on a free port, or skips (fails with {@code CI=true}) when there is none installed. */
    public static RedisServer start() {
        requireBinary(BINARY, System.getenv("CI"));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path dir = Path.of("target", "redis", "redis-" + ProcessHandle.current().pid() + "-"
                    + INSTANCES.incrementAndGet()).toAbsolutePath();
            RedisServer server = new RedisServer(dir, port);
            try {
                server.launch();
                return server;
            } catch (IOException e) {
                last = e; // the port was taken between picking and binding it: pick another
            }
        }
        throw new UncheckedIOException("redis-server did not start", last);
    }

    /** Skips the calling test (fails it when {@code ci} is "true") unless {@code binary} is an executable. */
    static void requireBinary(Path binary, String ci) {
        if (Files.isExecutable(binary)) {
            return;
        }
        String why = "redis-server not found at " + binary + " (install the Debian package redis-server, or set"
                + " WSKIT_REDIS_SERVER to its path)";
        if ("true".equalsIgnoreCase(ci)) {
            fail(why + "; CI=true, so this is a failure, not a skip");
        }
        System.err.println("\n************************************************************************\n"
                + "SKIPPING Redis tests: " + why
                + "\n************************************************************************\n");
        Assumptions.abort(why);
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path log() {
        return dir.resolve("redis.log");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the server (SIGTERM to its pid, SIGKILL after {@link #STOP_TIMEOUT}); its data is gone. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(reaper);
        process = null;
    }

    /** Starts the server again on the same port, empty, after {@link #stop()}. */
    public void restart() {
        stop();
        password = null;
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server did not start again on port " + port + " (log: " + log() + ")", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Sends one command on a fresh connection and returns the reply: a String (simple, bulk), Long, null, a List of
     * replies, or an {@link IllegalStateException} thrown for an error reply. For tests that poke Redis directly
     * ({@code CLIENT KILL}, {@code FLUSHALL}, {@code DEBUG SLEEP}).
     */
    public Object command(String... args) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout((int) START_TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            String pw = password;
            if (pw != null) {
                send(out, "AUTH", pw);
                reply(in);
            }
            send(out, args);
            return reply(in);
        } catch (IOException e) {
            throw new UncheckedIOException("redis " + String.join(" ", args) + " on port " + port, e);
        }
    }

    /**
     * Sets the default user's password ({@code CONFIG SET requirepass}), or removes it ({@code null}): connections
     * already authenticated stay so, new ones are refused until they authenticate, as during an outage for a client
     * that reconnects. {@link #command} authenticates itself. Cleared by {@link #restart()}.
     */
    public void requirePassword(String newPassword) {
        command("CONFIG", "SET", "requirepass", newPassword == null ? "" : newPassword);
        password = newPassword;
    }

    @Override
    public String toString() {
        return "redis-server on 127.0.0.1:" + port + (isRunning() ? " (pid " + pid() + ")" : " (stopped)");
    }

    private void launch() throws IOException {
        Files.createDirectories(dir);
        List<String> command = List.of(BINARY.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", log().toString(),
                "--daemonize", "no", "--protected-mode", "yes");
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Process started = process;
        reaper = new Thread(started::destroyForcibly, "redis-server-reaper-" + port);
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            await(this + " answering PING (log: " + log() + ")").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> !started.isAlive() || pong());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        if (!started.isAlive()) {
            String log = Files.exists(log()) ? Files.readString(log()) : "";
            stop();
            throw new IOException("redis-server exited with " + started.exitValue() + " on port " + port + ":\n" + log);
        }
    }

    private static void send(OutputStream out, String... args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private boolean pong() {
        try {
            return "PONG".equals(command("PING"));
        } catch (UncheckedIOException | IllegalStateException e) {
            return false;
        }
    }

    private static Object reply(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException("redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(reply(in));
                }
                return items;
            }
            case -1:
                throw new EOFException("connection closed");
            default:
                throw new IOException("unexpected RESP type '" + (char) type + "'");
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            b.append((char) c);
        }
        in.read(); // \n
        return b.toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
