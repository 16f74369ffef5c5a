package dev.wskit.rooms.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentEncoder;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageEncoder;
import dev.wskit.rooms.Frame;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoomStoreTest {

    @RegisterExtension
    static final RedisNodes nodes = new RedisNodes();




    @Test
    void framesBuiltInRedisAreByteForByteTheCodecEncoders() throws Exception {
        RedisNode node = nodes.start();
        RoomStore.Joined alice = (RoomStore.Joined) node.rooms().join("lobby", "alice", "c1", null, null, () -> { });
        String text = "h\u00e9llo \"quoted\" \\ back\u2028slash \ud83d\ude00 </script> \u0001 \t";
        RoomStore.Published said = alice.claim().say(text);
        byte[] content = {0, 1, 2, (byte) 0xff};
        RoomStore.Published sent = alice.claim().attach(new Attachment(0, 0, "", "image/png", "p\u00e9.png", ByteBuffer.wrap(content)));
        RoomStore.Joined bob = (RoomStore.Joined) node.rooms().join("lobby", "bob", "c2", null, null, () -> { });
        bob.claim().leave();

        List<Numbered> history = node.rooms().history("lobby", 0, null).frames();
        ServerMessageEncoder json = new ServerMessageEncoder();
        assertEquals(5, history.size());
        assertEquals(json.encode(new ServerMessage.Presence("lobby", 1, alice.time(), "join", "alice", List.of())),
                history.get(0).frame().text());
        assertEquals(json.encode(new ServerMessage.Said("lobby", 2, said.time(), "alice", text)), history.get(1).frame().text());
        ByteBuffer expected = new AttachmentEncoder().encode(new Attachment(3, sent.time(), "alice", "image/png", "p\u00e9.png",
                ByteBuffer.wrap(content)));
        assertEquals(expected, history.get(2).frame().binary());
        assertEquals(json.encode(new ServerMessage.Presence("lobby", 4, bob.time(), "join", "bob", List.of())),
                history.get(3).frame().text());
        String leave = history.get(4).frame().text();
        long leaveTime = Long.parseLong(leave.replaceAll(".*\"time\":(\\d+).*", "$1"));
        assertEquals(json.encode(new ServerMessage.Presence("lobby", 5, leaveTime, "leave", "bob", List.of())), leave);
        assertEquals(List.of(2L, 3L), List.of(said.seq(), sent.seq()));
        assertTrue(Math.abs(said.time() - System.currentTimeMillis()) < 60_000, "Redis time in ms: " + said.time());
    }

    @Test
    void joinAnswersMembersInJoiningOrderAndTheJoinsOwnNumber() {
        RedisNode a = nodes.start();
        RedisNode b = nodes.start();
        RoomStore.Joined carol = (RoomStore.Joined) a.rooms().join("r", "carol", "1", null, null, () -> { });
        RoomStore.Joined ann = (RoomStore.Joined) b.rooms().join("r", "ann", "1", null, null, () -> { });
        RoomStore.Joined bo = (RoomStore.Joined) a.rooms().join("r", "bo", "2", null, null, () -> { });
        assertEquals(List.of("carol"), carol.members());
        assertEquals(List.of("carol", "ann", "bo"), bo.members());
        assertEquals(List.of(1L, 2L, 3L), List.of(carol.seq(), ann.seq(), bo.seq()));
        assertEquals(carol.epoch(), bo.epoch());
        assertTrue(ann.claim().owner().startsWith(b.id() + "/"), ann.claim().owner());
        ann.claim().leave();
        RoomStore.Joined ann2 = (RoomStore.Joined) b.rooms().join("r", "ann", "1", null, null, () -> { });
        assertEquals(List.of("carol", "bo", "ann"), ann2.members());
    }

    @Test
    void nickAndRoomFullAreRefusedAcrossNodesAtMaxMembersPlusOne() {
        RedisOptions three = RedisNodes.options().withLimits(3, 100, 1 << 20, 1 << 20);
        RedisNode a = nodes.start(three);
        RedisNode b = nodes.start(three);
        assertInstanceOf(RoomStore.Joined.class, a.rooms().join("r", "one", "1", null, null, () -> { }));
        assertInstanceOf(RoomStore.NickTaken.class, b.rooms().join("r", "one", "1", null, null, () -> { }));
        RoomStore.Joined two = (RoomStore.Joined) b.rooms().join("r", "two", "1", null, null, () -> { });
        assertInstanceOf(RoomStore.Joined.class, a.rooms().join("r", "three", "2", null, null, () -> { }));
        RoomStore.Join fourth = b.rooms().join("r", "four", "2", null, null, () -> { });
        assertEquals(new RoomStore.RoomFull(3), fourth);
        assertInstanceOf(RoomStore.RoomFull.class, a.rooms().join("r", "four", "3", null, null, () -> { }));
        assertTrue(two.claim().leave());
        assertFalse(two.claim().leave(), "leave is idempotent");
        assertInstanceOf(RoomStore.Joined.class, a.rooms().join("r", "four", "3", null, null, () -> { }));
    }

    @Test
    void historyKeepsTheLastHistorySizeMessages() {
        RedisNode node = nodes.start(RedisNodes.options().withLimits(10, 5, 1 << 20, 1 << 20));
        RoomClaim c = ((RoomStore.Joined) node.rooms().join("r", "a", "1", null, null, () -> { })).claim();
        for (int i = 0; i < 10; i++) {
            c.say("m" + i);
        }
        RoomStore.Replay r = node.rooms().history("r", 0, null);
        assertEquals(11, r.last());
        assertEquals(7, r.first());
        assertEquals(List.of(7L, 8L, 9L, 10L, 11L), r.frames().stream().map(Numbered::first).toList());
        assertTrue(r.frames().get(4).frame().text().contains("\"text\":\"m9\""));
        assertTrue(r.gap(5));
        assertFalse(r.gap(6));
    }

    @Test
    void historyKeepsAtMostMaxHistoryBytesOldestFirstAndForgetsAMessageLargerThanIt() {
        RedisNode node = nodes.start(RedisNodes.options().withLimits(10, 100, 400, 1 << 20));
        RoomClaim c = ((RoomStore.Joined) node.rooms().join("r", "a", "1", null, null, () -> { })).claim();
        for (int i = 0; i < 6; i++) {
            c.say("x".repeat(40) + i);
        }
        RoomStore.Replay r = node.rooms().history("r", 0, null);
        long bytes = r.frames().stream().mapToLong(n -> n.frame().size()).sum();
        assertTrue(bytes <= 400, "history holds " + bytes + " bytes");
        long oneMore = r.frames().get(0).frame().size();
        assertTrue(bytes + oneMore > 400, "history dropped more than it had to: " + bytes + " + " + oneMore);
        assertEquals(r.last(), r.frames().get(r.frames().size() - 1).last());
        assertEquals(r.first(), r.frames().get(0).first());

        c.say("y".repeat(401));
        RoomStore.Replay after = node.rooms().history("r", 0, null);
        assertEquals(List.of(), after.frames());
        assertEquals(after.last() + 1, after.first(), "nothing held: first is the next number");
        c.say("z");
        assertEquals(1, node.rooms().history("r", 0, null).frames().size());
    }

    @Test
    void resumeGetsExactlyWhatWasMissedOrAGapOrARestartByEpoch() {
        RedisNode node = nodes.start(RedisNodes.options().withLimits(10, 4, 1 << 20, 1 << 20));
        RoomStore.Joined a = (RoomStore.Joined) node.rooms().join("r", "a", "1", null, null, () -> { });
        for (int i = 0; i < 3; i++) {
            a.claim().say("m" + i); // 2, 3, 4
        }
        // b resumes after 2 in a's numbering: gets 3 and 4, then joins at 5
        RoomStore.Joined b = (RoomStore.Joined) node.rooms().join("r", "b", "1", 2L, a.epoch(), () -> { });
        assertEquals(5, b.seq());
        assertEquals(4, b.replay().last());
        assertFalse(b.replay().gap(2));
        assertEquals(List.of(3L, 4L), b.replay().frames().stream().map(Numbered::first).toList());
        // history holds 2..5 after b's join; 1 fell out: since 0 is a gap, first 2
        RoomStore.Replay r = b.claim().history(0, a.epoch());
        assertTrue(r.gap(0));
        assertEquals(2, r.first());
        assertFalse(r.restarted());
        // another epoch: restarted, all of history
        RoomStore.Replay other = b.claim().history(3, "0123456789abcdef");
        assertTrue(other.restarted());
        assertTrue(other.gap(3));
        assertEquals(List.of(2L, 3L, 4L, 5L), other.frames().stream().map(Numbered::first).toList());
        // no epoch and since beyond the last number: restarted too (what clients without an epoch rely on)
        assertTrue(b.claim().history(99, null).restarted());
        assertFalse(b.claim().history(5, null).gap(5));
        assertEquals(List.of(), b.claim().history(5, a.epoch()).frames());
    }

    @Test
    void aRoomEndsWithItsLastMemberAndStartsAgainWithANewEpoch() {
        RedisNode node = nodes.start();
        RoomStore.Joined a = (RoomStore.Joined) node.rooms().join("r", "a", "1", null, null, () -> { });
        a.claim().say("hello");
        assertTrue(a.claim().leave());
        assertEquals(List.of(), nodes.redis().command("KEYS", "wskit:room:{r}:*"));
        assertNull(node.rooms().history("r", 0, null));
        RoomStore.Joined again = (RoomStore.Joined) node.rooms().join("r", "a", "1", 2L, a.epoch(), () -> { });
        assertNotEquals(a.epoch(), again.epoch());
        assertEquals(1, again.seq());
        assertTrue(again.replay().restarted());
        assertTrue(again.replay().gap(2));
        assertEquals(1, again.replay().first());
        assertEquals(List.of(), again.replay().frames());
    }

    @Test
    void keysOfARoomShareOneHashTagAndExpireWhenNoNodeRenewsThem() {
        RedisNode node = nodes.start();
        node.rooms().join("lobby", "a", "1", null, null, () -> { });
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) nodes.redis().command("KEYS", "wskit:*");
        assertFalse(keys.isEmpty());
        for (String k : keys) {
            assertTrue(k.startsWith("wskit:room:{lobby}:"), k);
            long ttl = (Long) nodes.redis().command("PTTL", k);
            assertTrue(ttl > 0 && ttl <= RedisNodes.LEASE.toMillis() * 2, k + " ttl " + ttl);
        }
    }

    @Test
    void aMessageFromAClaimNoLongerHeldIsNotSentAndTellsTheOwner() {
        RedisNode node = nodes.start();
        java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
        RoomStore.Joined a = (RoomStore.Joined) node.rooms().join("r", "a", "1", null, null, lost::incrementAndGet);
        node.rooms().join("r", "b", "1", null, null, () -> { });
        nodes.redis().command("HDEL", "wskit:room:{r}:members", "a"); // as if reaped by another node
        assertNull(a.claim().say("hi"));
        assertEquals(1, lost.get());
        assertFalse(a.claim().isHeld());
        assertEquals(2, node.rooms().history("r", 0, null).last(), "nothing was numbered for the lost claim");
    }

    @Test
    void aFlushedScriptCacheIsRefilledByEvalAndCallsKeepTheirOrder() {
        RedisNode node = nodes.start();
        RoomClaim c = ((RoomStore.Joined) node.rooms().join("r", "a", "1", null, null, () -> { })).claim();
        assertEquals(List.of(1L), nodes.redis().command("SCRIPT", "EXISTS", Lua.BACKPLANE.sha()));
        nodes.redis().command("SCRIPT", "FLUSH");
        assertEquals(List.of(0L), nodes.redis().command("SCRIPT", "EXISTS", Lua.BACKPLANE.sha()));
        assertEquals(2, c.say("after the flush").seq());
        assertEquals(List.of(1L), nodes.redis().command("SCRIPT", "EXISTS", Lua.BACKPLANE.sha()));
        assertEquals(3, c.say("by sha again").seq());
    }

    @Test
    void aSilentRedisFailsTheCallAfterTheCommandTimeout() {
        RedisNode node = nodes.start(RedisNodes.options().withCommandTimeout(java.time.Duration.ofMillis(300)));
        RoomClaim c = ((RoomStore.Joined) node.rooms().join("r", "a", "1", null, null, () -> { })).claim();
        nodes.redis().command("CLIENT", "PAUSE", "3000", "ALL"); // Redis takes no command for 3 s
        try {
            long t0 = System.nanoTime();
            RedisUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(RedisUnavailableException.class,
                    () -> c.say("into the void"));
            long ms = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(e.getMessage().contains("saying in room 'r' failed: no answer within 300 ms (wskit.redis.commandTimeout)"),
                    e.getMessage());
            assertTrue(ms >= 250 && ms < 2_500, "failed after " + ms + " ms");
        } finally {
            nodes.redis().command("CLIENT", "UNPAUSE");
        }
    }

    static Frame frame(List<Numbered> frames, int i) {
        return frames.get(i).frame();
    }

    static void assertSameBytes(ByteBuffer expected, ByteBuffer actual) {
        byte[] e = new byte[expected.remaining()];
        expected.duplicate().get(e);
        byte[] a = new byte[actual.remaining()];
        actual.duplicate().get(a);
        assertArrayEquals(e, a);
    }
}
