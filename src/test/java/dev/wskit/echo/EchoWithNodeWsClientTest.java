package dev.wskit.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.WskitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The echo service seen by an independent, non-Java client: the npm {@code ws} package, run by Node from
 * {@code src/test/node/echo-client.mjs} (installed by {@code npm ci} in the build). The script reports each message
 * as type, size and SHA-256, and the close as code and reason; this test computes what they must be.
 *
 * <p>The size limits are set to 4 MiB here, so "large" runs exactly at the limit and one byte more closes 1009.
 * Skipped only when asked to with {@code -Dwskit.node.skip=true}.
 */
class EchoWithNodeWsClientTest {

    private static final int LIMIT = 4 * 1024 * 1024;
    private static final Path NODE_DIR = Path.of("src", "test", "node");

    private static WskitServer server;

    @BeforeAll
    static void start() {
        Assumptions.assumeFalse(Boolean.getBoolean("wskit.node.skip"), "-Dwskit.node.skip=true");
        assertTrue(Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("ws")),
                "src/test/node/node_modules/ws is missing: the build's npm ci (process-test-classes) did not run");
        server = WskitServer.start(Map.of(
                "wskit.echo.maxTextMessageSize", String.valueOf(LIMIT),
                "wskit.echo.maxBinaryMessageSize", String.valueOf(LIMIT)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void echoesTextAsTextToNodeWs() throws Exception {
        byte[] text = "Hello from ws 😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(text(text), "close 1000 client done"), run("text", "/echo"));
    }

    @Test
    void echoesBinaryAsBinaryToNodeWs() throws Exception {
        assertEquals(List.of(binary(pattern(256)), "close 1000 client done"), run("binary", "/echo"));
    }

    @Test
    void echoesFourMebibyteMessagesAtTheLimitToNodeWs() throws Exception {
        assertEquals(List.of(binary(pattern(LIMIT)), text(ascii(LIMIT)), "close 1000 client done"),
                run("large", "/echo"));
    }

    @Test
    void echoesFragmentedMessagesFromNodeWsWhole() throws Exception {
        assertEquals(List.of(text("fragmented 😀 text".getBytes(StandardCharsets.UTF_8)),
                binary(new byte[] {1, 2, 3}), "close 1000 client done"), run("fragmented", "/echo"));
    }

    @Test
    void closesWithTheKnobsCodeAndReasonSeenByNodeWs() throws Exception {
        assertEquals(List.of(text("one".getBytes(StandardCharsets.UTF_8)), text("two".getBytes(StandardCharsets.UTF_8)),
                "close 4002 node done"), run("serverClose", "/echo?closeAfter=2&closeCode=4002&closeReason=node%20done"));
    }

    @Test
    void closesWithTooBigWhenNodeWsSendsBinaryOnePastTheLimit() throws Exception {
        assertEquals(List.of("close 1009 Binary message exceeds " + LIMIT + " bytes (wskit.echo.maxBinaryMessageSize)"),
                run("tooBigBinary", "/echo"));
    }

    @Test
    void closesWithTooBigWhenNodeWsSendsTextOnePastTheLimit() throws Exception {
        assertEquals(List.of("close 1009 Text message exceeds " + LIMIT + " bytes (wskit.echo.maxTextMessageSize)"),
                run("tooBigText", "/echo"));
    }

    /** Runs one scenario of echo-client.mjs and returns its report lines. */
    private static List<String> run(String scenario, String path) throws IOException, InterruptedException {
        Path out = Files.createTempFile("wskit-node-", ".out");
        try {
            Process node = new ProcessBuilder("node", "echo-client.mjs", scenario, server.ws(path).toString())
                    .directory(NODE_DIR.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean exited = node.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                node.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertTrue(exited, "node did not finish: " + lines);
            assertEquals(0, node.exitValue(), "node exit code; output: " + lines);
            return lines;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String text(byte[] utf8) {
        return "text " + utf8.length + " " + sha256(utf8);
    }

    private static String binary(byte[] bytes) {
        return "binary " + bytes.length + " " + sha256(bytes);
    }

    /** The same bytes as echo-client.mjs's pattern(): byte i is (i * 31 + 7) mod 256. */
    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** The same text as echo-client.mjs's asciiText(), as UTF-8. */
    private static byte[] ascii(int size) {
        return "wskit-".repeat(size / 6 + 1).substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
