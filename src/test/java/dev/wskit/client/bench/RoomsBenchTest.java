package dev.wskit.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.ServerMessage;
import dev.wskit.client.Cli;
import dev.wskit.client.ExitCode;
import dev.wskit.client.RetryPolicy;
import dev.wskit.client.rooms.RoomsCommandTest;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.RedisServer;
import dev.wskit.testing.TcpProxy;
import dev.wskit.testing.WskitServer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bench --mode rooms}: fan-out checked member by member, in-process against embedded wskit; the checks alone without a server. */
class RoomsBenchTest {

    private static WskitServer wskit;

    @BeforeAll
    static void start() {
        wskit = WskitServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        wskit.close();
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), () -> field + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void everyMemberHearsEveryMessageOnceAndInOrder() {
        Cli.Run run = Cli.run("", "bench", "-m", "rooms", "-c", "12", "--publishers", "3", "--rate", "200", "-n", "60",
                "-b", "100", "--ramp-up", "200ms", "--progress", "0", "--json", wskit.ws("/rooms/bench-ok").toString());
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        String json = run.out().strip();
        assertEquals(12, number(json, "membersJoined"), json);
        assertEquals(12, number(json, "membersToTheEnd"), json);
        assertEquals(60, number(json, "published"), json);
        assertEquals(60 * 12, number(json, "deliveries"), json);
        assertTrue(json.contains("\"errors\":{}"), json);
        assertTrue(json.contains("\"p99.9\":"), json);
    }

    @Test
    void membersSpreadOverTwoNodesOfOneRedisAreOneRoomAndEveryDeliveryIsChecked() throws Exception {
        try (RedisServer redis = RedisServer.start();
                WskitServer one = WskitServer.start(Map.of("wskit.backplane", redis.uri()));
                WskitServer two = WskitServer.start(Map.of("wskit.backplane", redis.uri()));
                TcpProxy toTwo = new TcpProxy(two.port())) {
            String second = "ws://127.0.0.1:" + toTwo.port() + "/rooms/bench-nodes";
            Cli.Run run = Cli.run("", "bench", "-m", "rooms", "-c", "8", "--publishers", "2", "--rate", "200", "-n", "40",
                    "--progress", "0", "--json", one.ws("/rooms/bench-nodes").toString(), second);
            assertEquals(ExitCode.OK, run.exitCode(), run::toString);
            String json = run.out().strip();
            assertEquals(8, number(json, "membersJoined"), json);
            assertEquals(40 * 8, number(json, "deliveries"), json);
            assertTrue(json.contains("\"errors\":{}"), json);
            assertTrue(json.contains(second), "the summary names both URLs: " + json);
            assertEquals(4, toTwo.accepted(), "members take the URLs in turn");
        }
    }

    @Test
    void severalUrlsAreForRoomsAndBroadcastModesOnly() {
        Cli.Run run = Cli.run("", "bench", "-m", "echo", "-n", "1", wskit.ws("/echo").toString(), wskit.ws("/echo").toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("several URLs apply to rooms and broadcast modes"), run::toString);
    }

    @Test
    void membersTheRoomTurnsAwayAreCountedAsClosesByCode() throws Exception {
        try (WskitServer small = WskitServer.start(Map.of("wskit.rooms.maxMembers", "4"))) {
            Cli.Run run = Cli.run("", "bench", "-m", "rooms", "-c", "6", "--rate", "100", "-n", "10", "--connect-concurrency", "1",
                    "--progress", "0", "--json", small.ws("/rooms/bench-full").toString());
            assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
            String json = run.out().strip();
            assertEquals(4, number(json, "membersJoined"), json);
            assertEquals(2, number(json, "closed-1008"), json);
            // Which two joins the full room turns away is a race; the publisher is one that got in, whichever they are.
            assertEquals(1, number(json, "publishers"), json);
            assertEquals(10, number(json, "published"), json);
            assertEquals(10 * 4, number(json, "deliveries"), json);
        }
    }

    @Test
    void thePublisherIsAMemberTheRoomTookNotTheFirstToConnect() throws Exception {
        String room = "/rooms/bench-taken";
        // Someone already holds the nick of the first member, so the room refuses that member's join.
        Recorder holder = RoomsCommandTest.member(wskit, room, "member0");
        Cli.Run run = Cli.run("", "bench", "-m", "rooms", "-c", "4", "--rate", "100", "-n", "10", "--connect-concurrency", "1",
                "--progress", "0", "--json", wskit.ws(room).toString());
        assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
        String json = run.out().strip();
        assertEquals(1, number(json, "room-nick-taken"), json);
        assertEquals(3, number(json, "membersJoined"), json);
        assertEquals(1, number(json, "publishers"), json);
        assertEquals(10, number(json, "published"), json);
        assertEquals(10 * 3, number(json, "deliveries"), json);
        holder.assertNoErrors();
    }

    @Test
    void aRunInWhichNoMemberJoinedHasNoPublisherAndFails() throws Exception {
        try (WskitServer full = WskitServer.start(Map.of("wskit.rooms.maxMembers", "1"))) {
            Recorder holder = RoomsCommandTest.member(full, "/rooms/bench-none", "alice");
            Cli.Run run = Cli.run("", "bench", "-m", "rooms", "-c", "2", "--rate", "100", "-n", "10", "--progress", "0", "--json",
                    full.ws("/rooms/bench-none").toString());
            assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
            String json = run.out().strip();
            assertEquals(2, number(json, "connectionsOpened"), json);
            assertEquals(0, number(json, "membersJoined"), json);
            assertEquals(0, number(json, "publishers"), json);
            assertEquals(0, number(json, "published"), json);
            assertEquals(1, number(json, "no-publisher"), json);
            assertEquals(2, number(json, "closed-1008"), json);
            holder.assertNoErrors();
        }
    }

    /**
     * Runs the rooms bench through a proxy, with {@code args} and a watcher in the room; once the watcher has heard
     * {@code said} messages the proxy plays a server restart (1012).
     */
    private static Cli.Run restartedOnce(String room, int said, String... args) throws Exception {
        Recorder watcher = RoomsCommandTest.member(wskit, room, "watcher");
        try (TcpProxy proxy = new TcpProxy(wskit.port())) {
            List<String> command = new ArrayList<>(List.of("bench", "-m", "rooms", "--progress", "0", "--json"));
            command.addAll(List.of(args));
            command.add("ws://127.0.0.1:" + proxy.port() + room);
            Cli.Live run = Cli.start(InputStream.nullInputStream(), command.toArray(String[]::new));
            for (int heard = 0; heard < said; ) {
                heard += watcher.nextText().contains("\"type\":\"say\"") ? 1 : 0;
            }
            proxy.restart();
            Cli.Run done = run.await(60);
            watcher.assertNoErrors();
            return done;
        }
    }

    @Test
    void membersAServiceRestartDropsRejoinAndStillHearEveryMessageOnce() throws Exception {
        Cli.Run run = restartedOnce("/rooms/bench-restart", 10, "-c", "4", "--publishers", "2", "--rate", "50", "-n", "100",
                "--reconnect", "--backoff", "200ms");
        assertEquals(ExitCode.OK, run.exitCode(), run::toString);
        String json = run.out().strip();
        assertTrue(json.contains("\"errors\":{}"), json);
        assertEquals(4, number(json, "membersToTheEnd"), json);
        assertEquals(4, number(json, "reconnects"), json);
        assertEquals(100, number(json, "published"), json);
        assertEquals(100 * 4, number(json, "deliveries"), json);
    }

    @Test
    void withoutReconnectAServiceRestartIsAnErrorOfEachMember() throws Exception {
        Cli.Run run = restartedOnce("/rooms/bench-restart-once", 5, "-c", "3", "--rate", "50", "-n", "100");
        assertEquals(ExitCode.BENCH_ERRORS, run.exitCode(), run::toString);
        String json = run.out().strip();
        assertEquals(3, number(json, "closed-1012"), json);
        assertEquals(0, number(json, "membersToTheEnd"), json);
        assertFalse(json.contains("reconnects"), json);
    }

    @Test
    void reconnectIsForRoomsModeOnly() {
        Cli.Run run = Cli.run("", "bench", "--reconnect", wskit.ws("/echo").toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--reconnect applies to rooms mode"), run::toString);
    }

    @Test
    void zeroPublishersIsAUsageError() {
        Cli.Run run = Cli.run("", "bench", "-m", "rooms", "--publishers", "0", wskit.ws("/rooms/x").toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--publishers must be at least 1"), run::toString);
    }

    private static ServerMessage said(int publisher, long seq) {
        return new ServerMessage.Said("r", seq, 0, "pub" + publisher, RoomMember.text(publisher, seq, System.nanoTime(), 64));
    }

    @Test
    void memberCountsDuplicatesReordersLossesAndCloses() {
        BenchStats stats = new BenchStats();
        stats.connectionsOpen.incrementAndGet();
        RoomMember m = new RoomMember(5, "member5", 2, stats, () -> false, RetryPolicy.NEVER, null);
        for (long seq : new long[] {1, 2, 2, 4, 3, 6}) {
            m.received(said(0, seq));
        }
        m.received(said(1, 1));
        assertEquals(Map.of("duplicate", 1L, "reordered", 1L), stats.errors());
        assertEquals(6, m.distinct());
        // Publisher 0 said 7 (5 and 7 never came), publisher 1 said 2 (2 never came).
        assertEquals(3, m.lost(new long[] {7, 2}));
        assertEquals(6, stats.messages.sum());
        m.closed(1008, "too slow");
        assertEquals(1L, stats.errors().get("closed-1008"));
        assertEquals(0, stats.connectionsOpen.get());
    }

    @Test
    void closesAfterTheRunAreNotErrors() {
        BenchStats stats = new BenchStats();
        RoomMember m = new RoomMember(0, "pub0", 1, stats, () -> true, RetryPolicy.NEVER, null);
        m.closed(1000, "bench done");
        assertEquals(Map.of(), stats.errors());
    }

    @Test
    void malformedBenchTextIsAMismatch() {
        BenchStats stats = new BenchStats();
        RoomMember m = new RoomMember(0, "pub0", 1, stats, () -> false, RetryPolicy.NEVER, null);
        m.received(new ServerMessage.Said("r", 1, 0, "x", "bench zero one two"));
        m.received(new ServerMessage.Said("r", 2, 0, "x", RoomMember.text(3, 1, 0, 10)));
        assertEquals(Map.of("mismatch", 2L), stats.errors());
    }
}
