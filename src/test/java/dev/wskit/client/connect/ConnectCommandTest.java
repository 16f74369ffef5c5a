package dev.wskit.client.connect;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.client.BrokenServer;
import dev.wskit.client.Cli;
import dev.wskit.client.ExitCode;
import dev.wskit.testing.WskitServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connect}, run in-process against embedded wskit and against broken servers. */
class ConnectCommandTest {

    private static WskitServer wskit;

    @BeforeAll
    static void start() {
        wskit = WskitServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        wskit.close();
    }

    private static String url(String path) {
        return wskit.ws(path).toString();
    }

    @Test
    void scriptModeWritesEachEchoToStdoutAndExitsZero() {
        Cli.Run run = Cli.run("hello\nwörld ✓\n\n", "connect", "--script", url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertEquals("hello\nwörld ✓\n\n", run.out(), run::toString);
        assertTrue(run.err().contains("closed: 1000"), run::toString);
    }

    @Test
    void interactiveModePrintsTypeAndSizeOfTextBinaryAndPong(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("three.bin"), new byte[] {1, 2, (byte) 0xff});
        Cli.Run run = Cli.run("/ping abc\nhé\n/binary " + file + "\n", "connect", url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertAll(
                () -> assertTrue(run.out().contains("< pong (3 B): 61 62 63"), run::toString),
                () -> assertTrue(run.out().contains("< text (3 B): hé"), run::toString),
                () -> assertTrue(run.out().contains("< binary (3 B): 01 02 ff"), run::toString),
                () -> assertTrue(run.err().contains("sent binary (3 B)"), run::toString));
    }

    @Test
    void closeCommandClosesWithGivenCodeAndReasonAndExitsZero() {
        Cli.Run run = Cli.run("/close 4001 bye now\nnot sent\n", "connect", url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("closed: 4001 bye now"), run::toString);
        assertFalse(run.out().contains("not sent"), run::toString);
    }

    @Test
    void unsendableCloseCodeIsRefusedWithoutClosing() {
        Cli.Run run = Cli.run("/close 1006\nstill here\n", "connect", url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("close code 1006 cannot be sent"), run::toString);
        assertTrue(run.out().contains("< text (10 B): still here"), run::toString);
    }

    @Test
    void exitsSixWhenServerClosesWithAnotherCodeThan1000() {
        Cli.Run run = Cli.run("x\ny\n", "connect", "-n", url("/echo?closeAfter=1&closeCode=4000&closeReason=done"));
        assertEquals(ExitCode.CLOSED_BY_PEER, run.exitCode(), run::toString);
        assertTrue(run.err().contains("closed by the server: 4000 done"), run::toString);
        assertEquals("x\n", run.out(), run::toString);
    }

    @Test
    void handshakeOptionsReachTheServer() {
        Cli.Run run = Cli.run("one\n", "connect", "-n", "-s", "chat,superchat", "-o", "http://origin.test",
                "-H", "X-Test: yes", "--deflate", url("/inspect"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        String json = run.out().lines().findFirst().orElse("");
        assertAll(
                () -> assertTrue(json.contains("\"negotiated\":\"chat\""), json),
                () -> assertTrue(json.contains("\"Origin\":[\"http://origin.test\"]"), json),
                () -> assertTrue(json.contains("\"X-Test\":[\"yes\"]"), json),
                () -> assertTrue(json.contains("\"negotiated\":[\"permessage-deflate\"]"), json),
                () -> assertTrue(run.err().contains("(subprotocol chat) (extensions permessage-deflate)"), run::toString));
    }

    @Test
    void idleTimeoutClosesASilentConnectionWithExitSeven() throws IOException {
        try (java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
             java.io.PipedInputStream stdin = new java.io.PipedInputStream(typing)) {
            Cli.Run run = Cli.run(stdin, "connect", "--idle-timeout", "500ms", url("/echo"));
            assertEquals(ExitCode.CONNECTION_LOST, run.exitCode(), run::toString);
            assertTrue(run.err().contains("nothing sent or received for --idle-timeout 500 ms"), run::toString);
        }
    }

    @Test
    void refusedHandshakeGivesOneLineWithTheServersReasonAndExitFour() {
        Cli.Run run = Cli.run("", "connect", url("/echo?delay=soon"));
        assertEquals(ExitCode.HANDSHAKE_REFUSED, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().contains("HTTP 400") && run.err().contains("delay"), run::toString);
    }

    @Test
    void refusedConnectionGivesOneLineAndExitThree() throws IOException {
        Cli.Run run = Cli.run("", "connect", "ws://127.0.0.1:" + Cli.freePort() + "/echo");
        assertEquals(ExitCode.UNREACHABLE, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("wskit-cli: cannot connect to"), run::toString);
    }

    @Test
    void reconnectRetriesWithBackoffThenGivesUp() throws IOException {
        Cli.Run run = Cli.run("", "connect", "--reconnect", "--max-reconnects", "2", "--backoff", "10ms",
                "ws://127.0.0.1:" + Cli.freePort() + "/echo");
        assertEquals(ExitCode.UNREACHABLE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("retrying in 10 ms") && run.err().contains("retrying in 20 ms"), run::toString);
        assertEquals(3, run.errLines().size(), run::toString);
    }

    @Test
    void reconnectsAfterTheConnectionIsLost() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.UPGRADE_THEN_DROP);
             java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
             java.io.PipedInputStream stdin = new java.io.PipedInputStream(typing)) {
            Cli.Run run = Cli.run(stdin, "connect", "--reconnect", "--max-reconnects", "2", "--backoff", "10ms", server.ws("/"));
            assertEquals(ExitCode.CONNECTION_LOST, run.exitCode(), run::toString);
            assertEquals(3, run.err().split("connected to", -1).length - 1, run::toString);
            assertTrue(run.err().contains("reconnecting in 10 ms") && run.err().contains("reconnecting in 20 ms"), run::toString);
        }
    }

    @Test
    void badUrlsGiveUsageErrorExitTwo() {
        for (String bad : new String[] {"http://127.0.0.1/echo", "ws:///echo", "ws://[oops/echo", "echo"}) {
            Cli.Run run = Cli.run("", "connect", bad);
            assertEquals(ExitCode.USAGE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("bad URL"), run::toString);
            assertFalse(run.err().contains("Exception"), run::toString);
        }
    }

    @Test
    void unreadableTrustCaFileGivesOneLineAndExitTwo(@TempDir Path dir) throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        Cli.Run missing = Cli.run("", "connect", "--trust-ca", dir.resolve("missing.pem").toString(), "wss://127.0.0.1:1/");
        Cli.Run garbage = Cli.run("", "connect", "--trust-ca", notPem.toString(), "wss://127.0.0.1:1/");
        assertEquals(ExitCode.USAGE, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("cannot read the file"), missing::toString);
        assertEquals(ExitCode.USAGE, garbage.exitCode(), garbage::toString);
        assertTrue(garbage.err().contains("not a PEM certificate"), garbage::toString);
    }

    @Test
    void unknownOptionGivesUsageExitTwo() {
        Cli.Run run = Cli.run("", "connect", "--no-such-option", url("/echo"));
        assertEquals(ExitCode.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("Unknown option"), run::toString);
    }
}
