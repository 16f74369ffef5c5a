package dev.wskit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code connect} and {@code bench} against servers that do not speak WebSocket properly: one line, own exit code. */
class BrokenServerTest {

    private static void assertOneCleanLine(Cli.Run run) {
        assertEquals(1, run.errLines().size(), run::toString);
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run::toString);
    }

    @Test
    void serverThatHangsUpIsUnreachableExitThree() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.HANG_UP)) {
            Cli.Run run = Cli.run("", "connect", "--connect-timeout", "5s", server.ws("/"));
            assertEquals(ExitCode.UNREACHABLE, run.exitCode(), run::toString);
            assertOneCleanLine(run);
        }
    }

    @Test
    void serverAnsweringGarbageIsUnreachableExitThree() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.GARBAGE)) {
            Cli.Run run = Cli.run("", "connect", "--connect-timeout", "5s", server.ws("/"));
            assertEquals(ExitCode.UNREACHABLE, run.exitCode(), run::toString);
            assertOneCleanLine(run);
        }
    }

    @Test
    void serverAnswering200IsRefusedHandshakeExitFour() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.HTTP_200)) {
            Cli.Run run = Cli.run("", "connect", server.ws("/"));
            assertEquals(ExitCode.HANDSHAKE_REFUSED, run.exitCode(), run::toString);
            assertTrue(run.err().contains("HTTP 200"), run::toString);
            assertOneCleanLine(run);
        }
    }

    @Test
    void wssToAServerWithoutTlsIsTlsFailureExitFive() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.GARBAGE)) {
            Cli.Run run = Cli.run("", "connect", "--connect-timeout", "5s", server.wss("/"));
            assertEquals(ExitCode.TLS, run.exitCode(), run::toString);
            assertTrue(run.err().contains("TLS handshake"), run::toString);
            assertOneCleanLine(run);
        }
    }

    @Test
    void droppedConnectionIsConnectionLostExitSeven() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.UPGRADE_THEN_DROP)) {
        try (java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
             java.io.PipedInputStream stdin = new java.io.PipedInputStream(typing)) {
            Cli.Run run = Cli.run(stdin, "connect", "-n", server.ws("/"));
            assertEquals(ExitCode.CONNECTION_LOST, run.exitCode(), run::toString);
            assertTrue(run.err().contains("closed by the server: 1006"), run::toString);
        }
        }
    }

    @Test
    void benchAgainstGarbageReportsTheFailureKindAndExitsThree() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.GARBAGE)) {
            Cli.Run run = Cli.run("", "bench", "-c", "2", "-n", "10", "--progress", "0", "--json", "--connect-timeout", "5s",
                    server.ws("/"));
            assertEquals(ExitCode.UNREACHABLE, run.exitCode(), run::toString);
            assertTrue(run.out().contains("\"connectionsFailed\":2"), run::toString);
            assertTrue(run.out().contains("\"bad-server\":2"), run::toString);
            assertOneCleanLine(run);
        }
    }
}
