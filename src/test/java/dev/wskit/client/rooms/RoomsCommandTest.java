package dev.wskit.client.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.client.Cli;
import dev.wskit.client.ExitCode;
import dev.wskit.testing.Clients;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.TcpProxy;
import dev.wskit.testing.WskitServer;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rooms}, run in-process against embedded wskit: chat, commands, refusals, and resume across a dropped connection. */
public class RoomsCommandTest {

    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static WskitServer wskit;

    @BeforeAll
    static void start() {
        wskit = WskitServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        wskit.close();
    }

    private static String room() {
        return "/rooms/cli-" + ROOMS.incrementAndGet();
    }

    /** A member speaking raw JSON directly to the server (no proxy), already joined. */
    public static Recorder member(WskitServer server, String room, String nick) throws IOException {
        Recorder r = new Recorder();
        Clients.connect(r, server.ws(room));
        r.session().getBasicRemote().sendText("{\"type\":\"join\",\"nick\":\"" + nick + "\"}");
        awaitText(r, "\"event\":\"here\"");
        return r;
    }

    public static String awaitText(Recorder r, String fragment) {
        for (String t = r.nextText(); ; t = r.nextText()) {
            if (t.contains(fragment)) {
                return t;
            }
        }
    }

    public static void say(Recorder r, String text) throws IOException {
        r.session().getBasicRemote().sendText("{\"type\":\"say\",\"text\":\"" + text + "\"}");
        awaitText(r, "\"text\":\"" + text + "\"");
    }

    @Test
    void scriptModeSaysEachLineAndPrintsTheRoomInOrder() {
        Cli.Run run = Cli.run("hello\nworld\n", "rooms", "--script", "--nick", "carol", wskit.ws(room()).toString());
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        assertEquals(List.of("[1] * carol joined (you)", "[2] carol: hello", "[3] carol: world"), run.out().lines().toList(), run::toString);
        assertTrue(run.err().contains("* in the room: carol"), run::toString);
        assertTrue(run.err().contains("left the room (1000"), run::toString);
    }

    @Test
    void commandsAttachReplayHistoryListMembersAndRejectUnknownOnes(@TempDir Path dir) throws IOException {
        String room = room();
        Recorder alice = member(wskit, room, "alice");
        Path file = Files.writeString(dir.resolve("note.txt"), "hello", StandardCharsets.UTF_8);
        Cli.Run run = Cli.run("/attach " + file + " text/plain\n/who\n/history 0\n/bogus\n//slash\n", "rooms", "--nick", "carol",
                wskit.ws(room).toString());
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        List<String> out = run.out().lines().toList();
        assertTrue(out.contains("[2] * carol joined (you)"), run::toString);
        assertTrue(out.contains("[3] carol sent note.txt (text/plain, 5 B)"), run::toString);
        assertTrue(out.contains("* in the room: alice, carol"), run::toString);
        // The replay repeats lines 1 to 3, each as first sent.
        assertEquals(2, out.stream().filter("[3] carol sent note.txt (text/plain, 5 B)"::equals).count(), run::toString);
        assertTrue(out.contains("[1] * alice joined"), run::toString);
        assertEquals("[4] carol: /slash", out.get(out.size() - 1), run::toString);
        assertTrue(run.err().contains("* replaying 3 messages after 0"), run::toString);
        assertTrue(run.err().contains("unknown command /bogus"), run::toString);
        // The other member got the file itself.
        byte[] attachment = alice.nextBinary();
        assertEquals("hello", new String(attachment, attachment.length - 5, 5, StandardCharsets.UTF_8));
        alice.assertNoErrors();
    }

    @Test
    void takenNickIsRefusedWithOneLineAndExitTwo() throws IOException {
        String room = room();
        Recorder alice = member(wskit, room, "alice");
        Cli.Run run = Cli.run("hello\n", "rooms", "--nick", "alice", wskit.ws(room).toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run::toString);
        assertTrue(run.out().contains("! error nick-taken: nick 'alice' is already in room"), run::toString);
        assertFalse(run.out().contains("hello"), run::toString);
        alice.assertNoErrors();
    }

    @Test
    void badRoomNameIsAHandshakeRefusalExitFour() {
        Cli.Run run = Cli.run("", "rooms", "--nick", "carol", wskit.ws("/rooms/-bad-").toString());
        assertEquals(ExitCode.HANDSHAKE_REFUSED, run.exitCode(), run::toString);
        assertTrue(run.err().contains("HTTP 400"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
    }

    @Test
    void unreachableServerIsExitThree() throws IOException {
        Cli.Run run = Cli.run("", "rooms", "--nick", "carol", "ws://127.0.0.1:" + Cli.freePort() + "/rooms/x");
        assertEquals(ExitCode.UNREACHABLE, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
    }

    @Test
    void handshakeOptionsOfConnectAreAUsageError() {
        Cli.Run run = Cli.run("", "rooms", "--nick", "carol", "-H", "X-A:1", wskit.ws(room()).toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("-H, -s, -o and --deflate are for connect"), run::toString);
    }

    @Test
    void resumesAfterADroppedConnectionPrintingExactlyTheMissedMessagesInOrder() throws Exception {
        Resumed resumed = cutSayAndResume(wskit, 2, TcpProxy::drop, 20);
        assertEquals(List.of("[4] * carol left", "[5] alice: m2", "[6] alice: m3", "[7] * carol joined (you)"), resumed.lines());
        assertTrue(resumed.run().err().contains("reconnecting in 20 ms"), resumed.run()::toString);
    }

    @Test
    void printsAGapNoticeWhenHistoryNoLongerReachesBack() throws Exception {
        try (WskitServer small = WskitServer.start(Map.of("wskit.rooms.historySize", "3"))) {
            Resumed resumed = cutSayAndResume(small, 5, TcpProxy::drop, 20);
            assertEquals(List.of("! gap: messages 4 to 6 are lost (no longer in the room's history)",
                    "[7] alice: m4", "[8] alice: m5", "[9] alice: m6", "[10] * carol joined (you)"), resumed.lines());
        }
    }

    @Test
    void rejoinRetriesWhileTheNickIsHeldAndThenResumes() throws Exception {
        String room = room();
        Recorder alice = member(wskit, room, "alice");
        try (TcpProxy proxy = new TcpProxy(wskit.port());
             PipedOutputStream typing = new PipedOutputStream();
             PipedInputStream stdin = new PipedInputStream(typing)) {
            Cli.Live carol = Cli.start(stdin, "rooms", "--nick", "carol", "--reconnect", "--backoff", "20ms",
                    "ws://127.0.0.1:" + proxy.port() + room);
            assertEquals("[2] * carol joined (you)", carol.lineContaining("carol joined", 20));
            proxy.hold();
            proxy.drop();
            awaitText(alice, "\"event\":\"leave\",\"nick\":\"carol\"");
            Recorder impostor = member(wskit, room, "carol");
            proxy.release();
            assertTrue(carol.nextLine(20).startsWith("! error nick-taken: nick 'carol' is already in room"));
            impostor.session().close();
            awaitText(alice, "\"seq\":5,");
            List<String> lines = new ArrayList<>();
            while (lines.size() < 4) {
                String line = carol.nextLine(20);
                // A retry may still meet the impostor before the server has processed its close.
                if (!line.startsWith("! error nick-taken")) {
                    lines.add(line);
                }
            }
            assertEquals(List.of("[3] * carol left", "[4] * carol joined (you)", "[5] * carol left", "[6] * carol joined (you)"), lines);
            typing.close();
            Cli.Run run = carol.await(30);
            assertEquals(ExitCode.OK, run.exitCode(), run::toString);
            alice.assertNoErrors();
        }
    }

    @Test
    void aServiceRestartReconnectsWithinTheBackoffAndResumes() throws Exception {
        Resumed resumed = cutSayAndResume(wskit, 1, TcpProxy::restart, 1000);
        assertEquals(List.of("[4] * carol left", "[5] alice: m2", "[6] * carol joined (you)"), resumed.lines());
        String err = resumed.run().err();
        assertTrue(err.contains("closed by the server: 1012 service restart"), resumed.run()::toString);
        // Not the doubling backoff, which starts at --backoff: a random wait from 0 to --backoff.
        Matcher wait = Pattern.compile("reconnecting in (\\d+) ms").matcher(err);
        assertTrue(wait.find() && Long.parseLong(wait.group(1)) <= 1000, resumed.run()::toString);
    }

    @Test
    void withoutReconnectAServiceRestartEndsTheRunWithExitSix() throws Exception {
        String room = room();
        try (TcpProxy proxy = new TcpProxy(wskit.port());
             PipedOutputStream typing = new PipedOutputStream();
             PipedInputStream stdin = new PipedInputStream(typing)) {
            Cli.Live carol = Cli.start(stdin, "rooms", "--nick", "carol", "ws://127.0.0.1:" + proxy.port() + room);
            assertEquals("[1] * carol joined (you)", carol.lineContaining("carol joined", 20));
            proxy.restart();
            Cli.Run run = carol.await(30);
            assertEquals(ExitCode.CLOSED_BY_PEER, run.exitCode(), run::toString);
            assertTrue(run.err().contains("closed by the server: 1012 service restart"), run::toString);
            assertFalse(run.err().contains("reconnecting"), run::toString);
        }
    }

    @Test
    void anEndpointThatIsNotARoomIsReportedInOneLine() {
        Cli.Run run = Cli.run("hello\n", "rooms", "--nick", "carol", wskit.ws("/echo").toString());
        assertEquals(ExitCode.CLOSED_BY_PEER, run.exitCode(), run::toString);
        assertTrue(run.err().contains("not a wskit room"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
    }

    /** What carol printed from the resume up to her own join, and her whole run. */
    private record Resumed(List<String> lines, Cli.Run run) {
    }

    /**
     * carol (the CLI, through a proxy, {@code --reconnect} with {@code --backoff backoffMillis}) and alice (direct)
     * share a room; alice says m1, the proxy cuts carol's connection ({@code cut}: a drop, or a restart's 1012) and
     * holds her reconnect while alice says {@code missed} more; then the reconnect goes through.
     */
    private static Resumed cutSayAndResume(WskitServer server, int missed, java.util.function.Consumer<TcpProxy> cut, int backoffMillis)
            throws Exception {
        String room = room();
        Recorder alice = member(server, room, "alice");
        try (TcpProxy proxy = new TcpProxy(server.port());
             PipedOutputStream typing = new PipedOutputStream();
             PipedInputStream stdin = new PipedInputStream(typing)) {
            Cli.Live carol = Cli.start(stdin, "rooms", "--nick", "carol", "--reconnect", "--backoff", backoffMillis + "ms",
                    "ws://127.0.0.1:" + proxy.port() + room);
            assertEquals("[2] * carol joined (you)", carol.lineContaining("carol joined", 20));
            say(alice, "m1");
            assertEquals("[3] alice: m1", carol.nextLine(20));

            proxy.hold();
            cut.accept(proxy);
            awaitText(alice, "\"event\":\"leave\",\"nick\":\"carol\"");
            for (int i = 2; i <= missed + 1; i++) {
                say(alice, "m" + i);
            }
            proxy.release();

            List<String> lines = new ArrayList<>();
            for (String line = carol.nextLine(20); ; line = carol.nextLine(20)) {
                lines.add(line);
                if (line.contains("carol joined")) {
                    break;
                }
            }
            typing.close();
            Cli.Run run = carol.await(30);
            assertEquals(ExitCode.OK, run.exitCode(), run::toString);
            assertTrue(run.err().contains("resuming after message 3"), run::toString);
            assertEquals(2, proxy.accepted(), run::toString);
            alice.assertNoErrors();
            return new Resumed(lines, run);
        }
    }
}
