package dev.wskit.client.bench;

import static dev.wskit.client.bench.BenchCommandTest.number;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.client.Cli;
import dev.wskit.client.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bench} over its raw client against the peers of docs/benchmarks.md, node {@code ws} servers from
 * {@code src/test/node} (installed by the build's {@code npm ci}; skipped only with {@code -Dwskit.node.skip=true}):
 * the echo server, and the raw broadcast server that {@code --mode broadcast} drives.
 */
class BenchWithNodeWsServerTest {

    private static final Path NODE_DIR = Path.of("src", "test", "node");
    private static Process echo;
    private static Process broadcast;
    private static int echoPort;
    private static int broadcastPort;

    @BeforeAll
    static void startNode() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("wskit.node.skip"), "-Dwskit.node.skip=true");
        assertTrue(Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("ws")),
                "src/test/node/node_modules/ws is missing: the build's npm ci (process-test-classes) did not run");
        echo = start("ws-echo-server.mjs");
        echoPort = port(echo, "ws-echo");
        broadcast = start("ws-broadcast-server.mjs");
        broadcastPort = port(broadcast, "ws-broadcast");
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        for (Process p : new Process[] {echo, broadcast}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process start(String script) throws IOException {
        return new ProcessBuilder("node", script, "0").directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
    }

    /** The port from the server's first line, "NAME listening on PORT pid PID". */
    private static int port(Process node, String name) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return "read failed: " + e;
            }
        }).get(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile(Pattern.quote(name) + " listening on (\\d+) pid \\d+").matcher(String.valueOf(line));
        assertTrue(m.matches(), "node said: " + line);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void rawEchoOfSmallTextAndLargeBinaryChecksEveryByte() {
        String url = "ws://127.0.0.1:" + echoPort + "/";
        Cli.Run small = Cli.run("", "bench", "-c", "20", "-f", "8", "-b", "32", "-n", "8000", "--json", "--progress", "0", url);
        assertEquals(ExitCode.OK, small.exitCode(), small::toString);
        assertEquals(8000, number(small.out(), "messages"), small::toString);
        assertTrue(small.out().contains("\"errors\":{}"), small::toString);

        Cli.Run large = Cli.run("", "bench", "-c", "2", "-f", "2", "-b", "1MiB", "-t", "binary", "-n", "16", "--json", "--progress", "0", url);
        assertEquals(ExitCode.OK, large.exitCode(), large::toString);
        assertEquals(16, number(large.out(), "messages"), large::toString);
    }

    @Test
    void everyMemberHearsEveryPublishersMessagesOnceInOrder() {
        Cli.Run run = Cli.run("", "bench", "-m", "broadcast", "-c", "30", "--publishers", "3", "-f", "4", "-b", "64", "-n", "600",
                "--json", "--progress", "0", "ws://127.0.0.1:" + broadcastPort + "/");
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        String json = run.out();
        assertAll(
                () -> assertEquals(600, number(json, "published"), json),
                () -> assertEquals(600 * 30, number(json, "deliveries"), json),
                () -> assertEquals(30, number(json, "membersToTheEnd"), json),
                () -> assertEquals(3, number(json, "publishers"), json),
                () -> assertTrue(json.contains("\"errors\":{}"), json),
                () -> assertTrue(json.matches("(?s).*\"deliveriesPerSecond\":[0-9.]+.*\"latencyMillis\":\\{\"p50\":[0-9.]+.*"), json));
    }

    @Test
    void timedBinaryBroadcastEndsWithNothingLost() {
        Cli.Run run = Cli.run("", "bench", "-m", "broadcast", "-c", "10", "-t", "binary", "-b", "4KiB", "-f", "2", "-d", "1s",
                "--json", "--progress", "0", "ws://127.0.0.1:" + broadcastPort + "/");
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertEquals(number(run.out(), "published") * 10, number(run.out(), "deliveries"), run::toString);
        assertTrue(number(run.out(), "published") > 0, run::toString);
    }
}
