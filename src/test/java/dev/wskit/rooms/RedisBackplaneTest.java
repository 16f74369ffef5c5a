package dev.wskit.rooms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.rooms.redis.RedisAddress;
import dev.wskit.rooms.redis.RedisBackplane;
import dev.wskit.rooms.redis.RedisOptions;
import dev.wskit.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis backplane as the endpoints see it ({@link Backplane}), without a container: real Redis, fake transports.
 * What the contract tests cannot reach: refusals while Redis is away, what a refused join leaves behind, per-node
 * room counts and subscriptions, members closed when Redis loses them or stays unreachable.
 */
class RedisBackplaneTest {

    private static RedisServer redis;
    private final List<RedisBackplane> started = new ArrayList<>();
    private final ServerMessageDecoder decoder = new ServerMessageDecoder();
    private RoomLimits limits = RoomLimits.defaults();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void cleanUp() {
        started.forEach(RedisBackplane::close);
        if (!redis.isRunning()) {
            redis.restart();
        }
        redis.command("FLUSHALL");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private RedisBackplane backplane(Settings settings) {
        limits = RoomLimits.from(settings);
        RedisOptions options = RedisOptions.from(settings).withCommandTimeout(Duration.ofMillis(500));
        RedisBackplane b = RedisBackplane.start(RedisAddress.parse(redis.uri()), options, limits);
        started.add(b);
        await("connected").atMost(Duration.ofSeconds(20)).until(b::isUp);
        return b;
    }

    private RedisBackplane backplane() {
        return backplane(Settings.defaults());
    }

    private List<ServerMessage> received(FakeTransport t) throws Exception {
        List<ServerMessage> out = new ArrayList<>();
        for (String s : t.texts()) {
            out.add(decoder.decode(s));
        }
        return out;
    }

    private Backplane.RoomMember join(RedisBackplane b, String room, String nick, FakeTransport t) throws Refused {
        Outbox o = limits.outbox(t);
        Backplane.RoomMember m = b.joinRoom(room, nick, o, null);
        await(nick + " admitted").atMost(Duration.ofSeconds(10)).until(() -> received(t).stream()
                .anyMatch(x -> x instanceof ServerMessage.Presence p && p.event().equals("here")));
        return m;
    }

    @Test
    void aJoinWhileRedisIsUnreachableIsClosedNamingRedisAndLeavesNothingBehind() throws Exception {
        RedisBackplane b = backplane();
        redis.stop();
        await("disconnected").atMost(Duration.ofSeconds(10)).until(() -> !b.isUp());
        Outbox o = limits.outbox(new FakeTransport(true));
        Refused r = assertThrows(Refused.class, () -> b.joinRoom("r", "alice", o, null));
        assertEquals(CloseCodes.BACKPLANE_UNAVAILABLE, r.close());
        assertTrue(r.getMessage().contains("Redis"), r.getMessage());
        assertEquals(0, o.deathActions(), "a refused join forgets its death action");
        assertEquals(0, b.roomCount(), "and holds no room open");
        Refused board = assertThrows(Refused.class, () -> b.joinBoard("b", limits.outbox(new FakeTransport(true))));
        assertEquals(CloseCodes.BACKPLANE_UNAVAILABLE, board.close());
    }

    @Test
    void aTakenNickOnAnotherNodeIsAnErrorThatLeavesNothingBehind() throws Exception {
        RedisBackplane one = backplane();
        RedisBackplane two = backplane();
        join(one, "r", "alice", new FakeTransport(true));
        Outbox o = limits.outbox(new FakeTransport(true));
        Refused r = assertThrows(Refused.class, () -> two.joinRoom("r", "alice", o, null));
        assertEquals("nick-taken", r.code());
        assertNull(r.close());
        assertEquals(0, o.deathActions());
        assertEquals(0, two.roomCount(), "the refused joiner's node follows no room");
        assertEquals(0, two.subscriptions());
    }

    @Test
    void roomsOpenOnANodeCountAgainstMaxRoomsAndTheLastLocalLeaveDropsTheSubscription() throws Exception {
        RedisBackplane b = backplane(Settings.defaults().with(Setting.ROOMS_MAX_ROOMS, 2));
        Backplane.RoomMember a = join(b, "a", "x", new FakeTransport(true));
        Backplane.RoomMember a2 = join(b, "a", "y", new FakeTransport(true));
        join(b, "b", "x", new FakeTransport(true));
        assertEquals(2, b.subscriptions(), "one subscription per room, however many members");
        Refused r = assertThrows(Refused.class, () -> b.joinRoom("c", "x", limits.outbox(new FakeTransport(true)), null));
        assertEquals(CloseCodes.TOO_MANY_ROOMS, r.close());
        assertTrue(r.getMessage().contains("wskit.rooms.maxRooms"), r.getMessage());
        a.leave();
        assertEquals(2, b.roomCount(), "room a still has y here");
        a2.leave();
        assertEquals(1, b.roomCount());
        assertEquals(1, b.subscriptions(), "the last member here dropped room a's subscription");
        join(b, "c", "x", new FakeTransport(true));
    }

    @Test
    void aMemberWhosePlaceRedisLostIsClosedWith1012AndItsResumeIsToldTheRoomRestarted() throws Exception {
        RedisBackplane b = backplane();
        FakeTransport t = new FakeTransport(true);
        Backplane.RoomMember alice = join(b, "r", "alice", t);
        String epoch = ((ServerMessage.Presence) received(t).get(1)).epoch();
        redis.command("FLUSHALL"); // as a Redis without persistence that restarted
        alice.say("anyone?");
        assertEquals(CloseCodes.RESUME, t.close);
        assertTrue(t.closeReason.contains("join again"), t.closeReason);
        FakeTransport again = new FakeTransport(true);
        b.joinRoom("r", "alice", limits.outbox(again), 1L, epoch);
        await("rejoined").atMost(Duration.ofSeconds(10)).until(() -> received(again).size() >= 4);
        ServerMessage.Gap gap = (ServerMessage.Gap) received(again).get(0);
        assertTrue(gap.restarted(), gap.toString());
        assertTrue(!epoch.equals(gap.epoch()), "a new numbering");
        assertEquals(new ServerMessage.History("r", 1, 0, ((ServerMessage.History) received(again).get(1)).time(),
                gap.epoch()), received(again).get(1));
    }

    @Test
    void membersAreClosedWith1011OnceRedisStaysUnreachableAndTheNodeServesAgainWhenItIsBack() throws Exception {
        RedisBackplane b = backplane();
        FakeTransport room = new FakeTransport(true);
        join(b, "r", "alice", room);
        FakeTransport board = new FakeTransport(true);
        b.joinBoard("sketch", limits.outbox(board));
        redis.stop();
        await("room member told").atMost(Duration.ofSeconds(10)).until(() -> room.close != null);
        await("board member told").atMost(Duration.ofSeconds(10)).until(() -> board.close != null);
        for (FakeTransport t : List.of(room, board)) {
            assertEquals(CloseCodes.BACKPLANE_UNAVAILABLE, t.close);
            assertTrue(t.closeReason.contains("Redis backplane is unreachable"), t.closeReason);
        }
        assertEquals(0, b.roomCount() + b.boardCount(), "closed members leave their rooms here");
        redis.restart();
        await("reconnected by itself").atMost(Duration.ofSeconds(20)).until(b::isUp);
        // Its subscriber connection may come back a moment after the command connection: until it has, a join is
        // refused at once with 1011 and nothing left behind, and a client tries again (as the CLI and the page do).
        FakeTransport back = await("a join is taken again").atMost(Duration.ofSeconds(20))
                .ignoreExceptionsMatching(e -> e instanceof Refused r && r.close() == CloseCodes.BACKPLANE_UNAVAILABLE)
                .until(() -> {
                    FakeTransport t = new FakeTransport(true);
                    b.joinRoom("r", "alice", limits.outbox(t), null);
                    return t;
                }, t -> t != null);
        await("alice admitted").atMost(Duration.ofSeconds(10)).until(() -> received(back).stream()
                .anyMatch(x -> x instanceof ServerMessage.Presence p && p.event().equals("here")));
    }
}
