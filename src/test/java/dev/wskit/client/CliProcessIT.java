package dev.wskit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.CliJar;
import dev.wskit.client.rooms.RoomsCommandTest;
import dev.wskit.testing.WskitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar target/wskit-cli.jar} as a separate process, the way users run it: the packaged jar must hold
 * everything it needs, print no library noise, and exit with the documented codes.
 */
class CliProcessIT {

    private static final Path JAR = Path.of("target", "wskit-cli.jar");
    private static WskitServer wskit;

    @BeforeAll
    static void start() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
        wskit = WskitServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        wskit.close();
    }

    private static CliJar.Result run(String stdin, String... args) throws IOException, InterruptedException {
        return CliJar.run(stdin, args);
    }

    @Test
    void scriptModePipesStdinThroughTheEchoToStdout() throws Exception {
        CliJar.Result r = run("one\ntwo ✓\n", "connect", "--script", wskit.ws("/echo").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        assertEquals("one\ntwo ✓\n", r.out(), r::toString);
        assertFalse(r.err().contains("INFO") || r.err().contains("WARN") || r.err().contains("SLF4J"), r::toString);
    }

    @Test
    void benchRunsFromTheJarAndPrintsJson() throws Exception {
        CliJar.Result r = run("", "bench", "-c", "2", "-f", "2", "-n", "200", "-b", "4KiB", "-t", "binary", "--json", "--progress", "0",
                wskit.ws("/echo").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"messages\":200") && r.out().contains("\"errors\":{}"), r::toString);
    }

    @Test
    void refusedUpgradeIsOneLineAndExitFour() throws Exception {
        CliJar.Result r = run("", "connect", wskit.ws("/echo?closeCode=4000").toString());
        assertEquals(ExitCode.HANDSHAKE_REFUSED, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("HTTP 400"), r::toString);
    }

    @Test
    void unreachableHostIsOneLineAndExitThreeWithoutStackTrace() throws Exception {
        CliJar.Result r = run("", "connect", "ws://127.0.0.1:" + Cli.freePort() + "/echo");
        assertEquals(ExitCode.UNREACHABLE, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        CliJar.Result r = run("", "connect", "--verbose", "ws://127.0.0.1:" + Cli.freePort() + "/echo");
        assertEquals(ExitCode.UNREACHABLE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("ConnectException") && r.err().contains("\tat "), r::toString);
    }

    @Test
    void badUrlIsUsageErrorExitTwo() throws Exception {
        CliJar.Result r = run("", "connect", "http://127.0.0.1/echo");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("bad URL"), r::toString);
    }

    @Test
    void versionNamesTheBuild() throws Exception {
        CliJar.Result r = run("", "--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("wskit-cli ") && !r.out().contains("unknown"), r::toString);
    }

    @Test
    void roomsResumesAfterADroppedConnectionPrintingExactlyTheMissedMessages() throws Exception {
        String room = "/rooms/process-resume";
        dev.wskit.testing.Recorder alice = RoomsCommandTest.member(wskit, room, "alice");
        try (dev.wskit.testing.TcpProxy proxy = new dev.wskit.testing.TcpProxy(wskit.port())) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                    "rooms", "--nick", "carol", "--reconnect", "--backoff", "20ms", "ws://127.0.0.1:" + proxy.port() + room);
            Path err = Files.createTempFile("wskit-cli", ".err");
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .lines().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();
            try {
                assertEquals("[2] * carol joined (you)", next(lines));
                RoomsCommandTest.say(alice, "m1");
                assertEquals("[3] alice: m1", next(lines));
                proxy.hold();
                proxy.drop();
                RoomsCommandTest.awaitText(alice, "\"event\":\"leave\",\"nick\":\"carol\"");
                RoomsCommandTest.say(alice, "m2");
                proxy.release();
                assertEquals(List.of("[4] * carol left", "[5] alice: m2", "[6] * carol joined (you)"), List.of(next(lines), next(lines), next(lines)));
                p.getOutputStream().write("/quit\n".getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rooms did not exit after /quit");
                String errText = Files.readString(err);
                assertEquals(ExitCode.OK, p.exitValue(), errText);
                assertTrue(errText.contains("resuming after message 3"), errText);
                assertFalse(errText.contains("Exception") || errText.contains("SLF4J"), errText);
                alice.assertNoErrors();
            } finally {
                p.destroyForcibly();
                Files.delete(err);
            }
        }
    }

    private static String next(java.util.concurrent.BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(30, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no line from rooms within 30 s");
        }
        return line;
    }

    @Test
    void roomsBenchRunsFromTheJarAndPrintsJson() throws Exception {
        CliJar.Result r = run("", "bench", "-m", "rooms", "-c", "5", "--publishers", "2", "--rate", "100", "-n", "20", "--json", "--progress", "0",
                wskit.ws("/rooms/process-bench").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("\"deliveries\":100") && r.out().contains("\"errors\":{}"), r::toString);
    }
}
