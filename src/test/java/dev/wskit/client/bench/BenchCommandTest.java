package dev.wskit.client.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.client.Cli;
import dev.wskit.client.ExitCode;
import dev.wskit.testing.WskitServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bench}, run in-process against embedded wskit: counts, validation, errors by kind, JSON, exit codes. */
class BenchCommandTest {

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

    /** A whole-number field of a {@code --json} summary; fails if it is missing. */
    static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), () -> field + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    /**
     * Wrong echoes per connection: an echo compared with the wrong message is a "mismatch", one arriving when
     * nothing is outstanding is an "unexpected-message"; which one a fault shows as depends on timing.
     */
    private static long wrongEchoes(String json) {
        long n = 0;
        for (String kind : new String[] {"mismatch", "unexpected-message"}) {
            Matcher m = Pattern.compile("\"" + kind + "\":(\\d+)").matcher(json);
            n += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        return n;
    }

    @Test
    void echoRunOfGivenCountChecksEveryEchoAndReportsJson() {
        Cli.Run run = Cli.run("", "bench", "-c", "3", "-f", "4", "-n", "301", "-b", "1000", "--json", "--progress", "0", url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        String json = run.out().strip();
        assertAll(
                () -> assertEquals(301, number(json, "messages"), json),
                () -> assertEquals(3, number(json, "connectionsOpened"), json),
                () -> assertTrue(json.contains("\"errors\":{}"), json),
                () -> assertTrue(json.matches("(?s).*\"latencyMillis\":\\{\"p50\":[0-9.]+,\"p90\":[0-9.]+,\"p99\":[0-9.]+,\"p99.9\":[0-9.]+,\"max\":[0-9.]+}.*"), json),
                () -> assertTrue(json.startsWith("{") && json.endsWith("}"), json));
    }

    @Test
    void largeBinaryMessagesEchoIntact() {
        Cli.Run run = Cli.run("", "bench", "-c", "2", "-f", "2", "-n", "12", "-b", "256KiB", "-t", "binary", "--json", "--progress", "0",
                url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertEquals(12, number(run.out(), "messages"), run::toString);
        assertEquals(256 * 1024, number(run.out(), "size"), run::toString);
    }

    @Test
    void echoRunWithServerPidReportsTheServersCpuUse() {
        // The embedded server runs in this JVM: its CPU use while the load ran is read from /proc.
        Cli.Run run = Cli.run("", "bench", "-c", "4", "-f", "4", "-n", "4000", "--server-pid", Long.toString(ProcessHandle.current().pid()),
                "--json", "--progress", "0", url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        Matcher m = Pattern.compile("\"serverCpuPerSecond\":([0-9.]+)").matcher(run.out());
        assertTrue(m.find(), run::toString);
        assertTrue(Double.parseDouble(m.group(1)) > 0, run::toString);
    }

    @Test
    void timedRunPrintsProgressLinesAndTextSummary() {
        Cli.Run run = Cli.run("", "bench", "-c", "2", "-d", "1500ms", "--progress", "200ms", url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertTrue(run.err().lines().filter(l -> l.contains("conns 2 open")).count() >= 2, run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("messages\\s+[1-9]\\d*")), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.matches("errors\\s+none")), run::toString);
    }

    @Test
    void duplicatedEchoesAreCaughtAndExitEight() {
        Cli.Run run = Cli.run("", "bench", "-c", "1", "-n", "20", "--json", "--progress", "0", url("/echo?repeat=2"));
        assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
        assertEquals(1, wrongEchoes(run.out()), run::toString);
    }

    @Test
    void foreignFirstMessageIsCaughtOnEveryConnection() {
        Cli.Run run = Cli.run("", "bench", "-c", "2", "-n", "20", "--json", "--progress", "0", url("/inspect"));
        assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
        assertEquals(2, wrongEchoes(run.out()), run::toString);
    }

    @Test
    void serverClosingEarlyIsCountedByCloseCode() {
        Cli.Run run = Cli.run("", "bench", "-c", "1", "-n", "50", "--json", "--progress", "0",
                url("/echo?closeAfter=5&closeCode=4002"));
        assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
        assertEquals(1, number(run.out(), "closed-4002"), run::toString);
        assertEquals(5, number(run.out(), "messages"), run::toString);
    }

    @Test
    void refusedHandshakeFailsEveryConnectionWithExitFour() {
        Cli.Run run = Cli.run("", "bench", "-c", "3", "-n", "3", "--json", "--progress", "0", url("/echo?repeat=0"));
        assertEquals(ExitCode.HANDSHAKE_REFUSED, run.exitCode(), run::toString);
        assertEquals(3, number(run.out(), "handshake-400"), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().contains("repeat"), run::toString);
    }

    @Test
    void idleModeHoldsConnectionsAndReadsServerMemory() {
        long pid = ProcessHandle.current().pid();
        Cli.Run run = Cli.run("", "bench", "-m", "idle", "-c", "25", "-d", "300ms", "--json", "--progress", "0",
                "--server-pid", Long.toString(pid), url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertAll(
                () -> assertEquals(25, number(run.out(), "connectionsOpened"), run::toString),
                () -> assertEquals(25, number(run.out(), "stillOpenAtEnd"), run::toString),
                () -> assertTrue(number(run.out(), "serverRssBytesAtEnd") > 0, run::toString),
                () -> assertTrue(run.out().contains("\"serverRssBytesPerConnection\":"), run::toString));
    }

    @Test
    void bindSpreadsConnectionsOverSourceAddresses() {
        Cli.Run run = Cli.run("", "bench", "-c", "4", "-n", "40", "--bind", "127.0.0.1,127.0.0.2", "--json", "--progress", "0",
                url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertEquals(4, number(run.out(), "connectionsOpened"), run::toString);
        assertEquals(40, number(run.out(), "messages"), run::toString);

        // TEST-NET-1 is no address of this machine: if --bind is honoured, no connection can start from it.
        Cli.Run foreign = Cli.run("", "bench", "-c", "2", "-n", "2", "--bind", "192.0.2.1", "--json", "--progress", "0", url("/echo"));
        assertEquals(ExitCode.USAGE, foreign.exitCode(), foreign::toString);
        assertEquals(2, number(foreign.out(), "bind"), foreign::toString);
    }

    @Test
    void rampUpSpreadsConnectionStarts() {
        Cli.Run run = Cli.run("", "bench", "-m", "idle", "-c", "4", "--ramp-up", "600ms", "-d", "10ms", "--json", "--progress", "0",
                url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        Matcher m = Pattern.compile("\"openSeconds\":([0-9.]+)").matcher(run.out());
        assertTrue(m.find(), run::toString);
        // The last of 4 starts is due at 3/4 of the ramp.
        assertTrue(Double.parseDouble(m.group(1)) >= 0.45, run::toString);
    }

    @Test
    void jakartaClientStillRunsTheEchoMode() {
        Cli.Run run = Cli.run("", "bench", "--client", "jakarta", "-c", "2", "-f", "2", "-n", "40", "--json", "--progress", "0", url("/echo"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertEquals(40, number(run.out(), "messages"), run::toString);
    }

    @Test
    void rawClientAnswersTheServersPings() {
        Cli.Run run = Cli.run("", "bench", "-c", "2", "-d", "600ms", "--json", "--progress", "0", url("/echo?pingInterval=100"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertTrue(number(run.out(), "messages") > 0, run::toString);
    }

    @Test
    void broadcastThroughAWskitRoomChecksEverySayEveryMemberHears() {
        Cli.Run run = Cli.run("", "bench", "-m", "broadcast", "--room", "-c", "20", "--publishers", "2", "-f", "4", "-b", "64", "-n", "200",
                "--json", "--progress", "0", url("/rooms/raw-bench"));
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertAll(
                () -> assertEquals(200, number(run.out(), "published"), run::toString),
                () -> assertEquals(200 * 20, number(run.out(), "deliveries"), run::toString),
                () -> assertEquals(20, number(run.out(), "membersToTheEnd"), run::toString),
                () -> assertTrue(run.out().contains("\"errors\":{}"), run::toString));
    }

    @Test
    void broadcastMemberCatchesADuplicateDelivery() {
        // /echo?repeat=2 hands a lone member each of its messages twice: the second is a duplicate.
        Cli.Run run = Cli.run("", "bench", "-m", "broadcast", "-c", "1", "-n", "20", "-b", "64", "--json", "--progress", "0",
                url("/echo?repeat=2"));
        assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
        assertEquals(1, number(run.out(), "duplicate"), run::toString);
        assertEquals(0, number(run.out(), "membersToTheEnd"), run::toString);
    }

    @Test
    void broadcastMembersCatchAForeignMessage() {
        Cli.Run run = Cli.run("", "bench", "-m", "broadcast", "-c", "2", "-n", "20", "-b", "64", "--json", "--progress", "0", url("/inspect"));
        assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
        assertEquals(2, number(run.out(), "unexpected-message"), run::toString);
    }

    @Test
    void broadcastMemberClosedByTheServerIsCountedByCode() {
        Cli.Run run = Cli.run("", "bench", "-m", "broadcast", "-c", "1", "-f", "1", "-n", "50", "-b", "64", "--json", "--progress", "0",
                url("/echo?closeAfter=5&closeCode=4002"));
        assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
        assertEquals(1, number(run.out(), "closed-4002"), run::toString);
        assertEquals(5, number(run.out(), "deliveries"), run::toString);
    }

    @Test
    void badOptionsGiveUsageExitTwo() {
        for (String[] args : new String[][] {
                {"bench", "-c", "0", url("/echo")},
                {"bench", "-f", "0", url("/echo")},
                {"bench", "-b", "lots", url("/echo")},
                {"bench", "-d", "1s", "-n", "5", url("/echo")},
                {"bench", "-m", "nosuchmode", url("/echo")},
                {"bench", "-m", "idle", "-n", "5", url("/echo")},
                {"bench", "-m", "broadcast", "-b", "15", url("/echo")},
                {"bench", "-m", "broadcast", "--client", "jakarta", url("/echo")},
                {"bench", "-m", "rooms", "--client", "raw", url("/rooms/x")},
                {"bench", "--client", "raw", "--deflate", url("/echo")},
                {"bench", "-m", "broadcast", url("/echo").replace("ws:", "wss:")},
                {"bench", "--room", url("/rooms/x")},
                {"bench", "-m", "broadcast", "--room", "-t", "binary", url("/rooms/x")}}) {
            Cli.Run run = Cli.run("", args);
            assertEquals(ExitCode.USAGE, run.exitCode(), () -> String.join(" ", args) + "\n" + run);
            assertFalse(run.err().contains("Exception"), run::toString);
        }
    }
}
