package dev.wskit.echo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wskit.testing.Clients;
import dev.wskit.testing.Deployment;
import dev.wskit.testing.RawWebSocket;
import dev.wskit.testing.Recorder;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What /echo promises to naive and hostile clients, where it takes settings of its own, against a container the
 * subclass starts: Python's websocket-client writing a whole message before it reads, more attackers than the
 * container has threads, frames declaring more than the limit, a full echo budget and clients that stop reading.
 * Each server this needs is started once per class, with its own settings. (What needs no settings of its own, the
 * raw client that writes 16 MiB before reading and the strict handshake, is in {@link EchoContract}, which runs on
 * every deployment.)
 */
public abstract class HostileClientsContract {

    static final int MIB = 1024 * 1024;
    /** The Debian interpreter that has python3-websocket (CI installs it), not a pyenv one on PATH. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final Map<String, Deployment> SERVERS = new LinkedHashMap<>();

    /** Starts wskit with these context parameters; {@code maxThreads} 0 for the container's default pool. */
    protected abstract Deployment start(Map<String, String> settings, int maxThreads);

    /** The small request thread pool for the attack test. */
    protected abstract int fewThreads();

    /** Whether this container refuses a frame declaring more than the limit from its header (see EchoHub). */
    protected abstract boolean refusesOversizeFramesFromTheHeader();

    @AfterAll
    static void stopServers() throws Exception {
        for (Deployment d : SERVERS.values()) {
            ((AutoCloseable) d).close();
        }
        SERVERS.clear();
    }

    private Deployment server(String name, Map<String, String> settings, int maxThreads) {
        return SERVERS.computeIfAbsent(name, n -> start(settings, maxThreads));
    }

    private Deployment defaults() {
        return server("defaults", Map.of(), 0);
    }

    @Test
    void pythonsWebsocketClientGetsItsEchoAtEightAndSixteenMebibytes() throws Exception {
        assumePython();
        String url = defaults().ws("/echo").toString();
        assertEquals("binary 8388608 match", python(url, 8 * MIB));
        assertEquals("binary 16777216 match", python(url, 16 * MIB));
    }

    @Test
    void attackersOutnumberingTheContainerThreadsDoNotStopAFreshClient() throws Exception {
        int threads = fewThreads();
        Deployment server = server("attack", Map.of("wskit.echo.maxDelay", "60000", "wskit.sendTimeout", "60000"),
                threads);
        List<RawWebSocket> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * threads; i++) {
                RawWebSocket slow = RawWebSocket.connect(server.ws("/echo?delay=60000"), Map.of());
                assertEquals(101, slow.status(), "attacker " + i);
                slow.sendText("wait for me");
                attackers.add(slow);
            }
            byte[] large = EchoContract.random(6 * MIB, 12);
            for (int i = 0; i < 2 * threads; i++) {
                RawWebSocket deaf = RawWebSocket.connect(server.ws("/echo"), Map.of(), 4096);
                assertEquals(101, deaf.status(), "attacker " + i);
                deaf.sendBinary(large); // and never reads
                attackers.add(deaf);
            }
            long start = System.nanoTime();
            Recorder fresh = new Recorder();
            Session session = Clients.connect(fresh, server.ws("/echo"));
            session.getBasicRemote().sendText("still served");
            assertEquals("still served", fresh.nextText());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 20_000, "a fresh client took " + millis + " ms");
            session.close();
            fresh.assertNoErrors();
        } finally {
            for (RawWebSocket a : attackers) {
                a.close();
            }
        }
    }

    @Test
    void aFrameDeclaringOneByteMoreThanTheLimitIsRefusedWith1009() throws Exception {
        Deployment server = server("small-limits", Map.of("wskit.echo.maxTextMessageSize", "4096",
                "wskit.echo.maxBinaryMessageSize", "4096"), 0);
        try (RawWebSocket ws = RawWebSocket.connect(server.ws("/echo"), Map.of())) {
            byte[] atLimit = EchoContract.random(4096, 13);
            ws.sendBinary(atLimit);
            assertArrayEquals(atLimit, ws.readMessage().payload(), "a frame of exactly the limit is echoed");

            byte[] mask = ws.sendHeader(RawWebSocket.BINARY, true, 4097);
            if (refusesOversizeFramesFromTheHeader()) {
                ws.sendPayload(mask, 0, new byte[1]); // Jetty checks the header once payload follows; the rest never
            } else {
                ws.sendPayload(mask, 0, new byte[4097]); // counted by wskit as it arrives
            }
            RawWebSocket.Frame close = ws.readUntilClose();
            assertEquals(1009, close.closeCode(), close.closeReason());
        }
    }

    @Test
    void pastTheServerBudgetAReaderWaitsTheSendTimeoutThenItsConnectionClosesWith1008() throws Exception {
        Deployment server = server("budget", Map.of("wskit.echo.maxPendingBytes", Integer.toString(MIB),
                "wskit.sendTimeout", "2000", "wskit.echo.maxDelay", "60000"), 0);
        // Two echoes held back by the delay, so they stay queued, together past the 1 MiB budget: whichever
        // connection comes second finds no room, waits, and is closed; the first keeps its place.
        byte[] payload = EchoContract.random(700 * 1024, 14);
        try (RawWebSocket a = RawWebSocket.connect(server.ws("/echo?delay=60000"), Map.of());
                RawWebSocket b = RawWebSocket.connect(server.ws("/echo?delay=60000"), Map.of())) {
            long start = System.nanoTime();
            a.sendBinary(payload);
            b.sendBinary(payload);
            CompletableFuture<RawWebSocket.Frame> closeA = CompletableFuture.supplyAsync(() -> closeOf(a));
            CompletableFuture<RawWebSocket.Frame> closeB = CompletableFuture.supplyAsync(() -> closeOf(b));
            RawWebSocket.Frame close = (RawWebSocket.Frame) CompletableFuture.anyOf(closeA, closeB).get(30, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertNotNull(close);
            assertEquals(1008, close.closeCode(), close.closeReason());
            assertTrue(close.closeReason().contains("wskit.echo.maxPendingBytes"), close.closeReason());
            assertTrue(millis >= 2000, "closed after " + millis + " ms, before the send timeout");
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAfterTheSendTimeoutEvenWhileItKeepsWriting() throws Exception {
        Deployment server = server("send-timeout", Map.of("wskit.sendTimeout", "1000"), 0);
        try (RawWebSocket deaf = RawWebSocket.connect(server.ws("/echo"), Map.of(), 4096)) {
            deaf.sendBinary(EchoContract.random(12 * MIB, 15)); // its echo fills every buffer on the way back
            long start = System.nanoTime();
            // It keeps writing (pings), so neither side is ever idle: only the send timeout can end this.
            await("the server cuts off a client that does not read").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100)).until(() -> !tryPing(deaf));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 1000, "cut off after " + millis + " ms, before the send timeout");
        }
    }

    private static boolean tryPing(RawWebSocket ws) {
        try {
            ws.sendPing("still here".getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static RawWebSocket.Frame closeOf(RawWebSocket ws) {
        try {
            return ws.readUntilClose();
        } catch (IOException e) {
            return null; // no close within the wait: this connection kept its place
        }
    }

    private static void assumePython() throws Exception {
        boolean available = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import websocket").start().waitFor() == 0;
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(PYTHON + " with python3-websocket is missing; CI=true, so this is a failure, not a skip");
        }
        Assumptions.assumeTrue(available, PYTHON + " with the websocket module (Debian python3-websocket) is missing");
    }

    /** Python's websocket-client exactly as the issue used it: connect, send one message, then read the echo. */
    private static String python(String url, int size) throws Exception {
        String script = """
                import os, sys, websocket
                url, size = sys.argv[1], int(sys.argv[2])
                ws = websocket.create_connection(url, timeout=60)
                data = os.urandom(size)
                ws.send_binary(data)
                opcode, got = ws.recv_data()
                print('binary' if opcode == 2 else opcode, len(got), 'match' if got == data else 'mismatch', flush=True)
                ws.close()
                """;
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, url, Integer.toString(size))
                .redirectErrorStream(true).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("python websocket-client got no echo of " + size + " bytes within 90 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
