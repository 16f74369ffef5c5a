package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rooms driven through the {@link LocalBackplane} without a container. */
class RoomTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ServerMessageDecoder decoder = new ServerMessageDecoder();

    /** This test's limits (JUnit makes an instance per test): what its backplane and its outboxes are bounded by. */
    private RoomLimits limits = RoomLimits.defaults();

    /** A backplane with one setting changed; the outboxes of this test follow it. */
    private LocalBackplane backplane(Setting setting, long value) {
        limits = RoomLimits.from(Settings.defaults().with(setting, value));
        return backplane();
    }

    /** The clock ticks once per reading, from 1001: expected times follow from the calls. */
    private LocalBackplane backplane() {
        return new LocalBackplane(limits, clock::incrementAndGet);
    }

    private List<ServerMessage> received(FakeTransport t) throws Exception {
        List<ServerMessage> out = new ArrayList<>();
        for (String s : t.texts()) {
            out.add(decoder.decode(s));
        }
        return out;
    }

    private Outbox outbox(FakeTransport t) {
        return limits.outbox(t);
    }

    @Test
    void joinAnnouncesPresenceToEveryoneWithSequenceAndTime() throws Exception {
        LocalBackplane bp = backplane();
        FakeTransport a = new FakeTransport(true);
        FakeTransport b = new FakeTransport(true);
        bp.joinRoom("lobby", "alice", outbox(a), null);
        bp.joinRoom("lobby", "bob", outbox(b), null);
        String epoch = bp.room("lobby").epoch();
        assertTrue(epoch.matches("[0-9a-f]{16}"), epoch);
        assertEquals(List.of(new ServerMessage.Presence("lobby", 1, 1001, "join", "alice", List.of()),
                new ServerMessage.Presence("lobby", 1, 1001, "here", "alice", List.of("alice"), epoch),
                new ServerMessage.Presence("lobby", 2, 1002, "join", "bob", List.of())), received(a));
        assertEquals(List.of(new ServerMessage.Presence("lobby", 2, 1002, "join", "bob", List.of()),
                new ServerMessage.Presence("lobby", 2, 1002, "here", "bob", List.of("alice", "bob"), epoch)), received(b));
    }

    @Test
    void aBroadcastIsEncodedOnceAndTheSameStringGoesToEveryMember() {
        LocalBackplane bp = backplane();
        List<FakeTransport> ts = new ArrayList<>();
        Backplane.RoomMember first = null;
        for (int i = 0; i < 5; i++) {
            FakeTransport t = new FakeTransport(true);
            ts.add(t);
            Backplane.RoomMember m = bpJoin(bp, "r", "m" + i, t);
            first = first == null ? m : first;
        }
        first.say("hello");
        Object sent = last(ts.get(0));
        assertTrue(((String) sent).contains("\"text\":\"hello\""));
        for (FakeTransport t : ts) {
            assertSame(sent, last(t));
        }
    }

    @Test
    void leaveAnnouncesPresenceAndTheLastLeaveEndsTheRoom() throws Exception {
        LocalBackplane bp = backplane();
        FakeTransport a = new FakeTransport(true);
        Backplane.RoomMember alice = bpJoin(bp, "r", "alice", a);
        Backplane.RoomMember bob = bpJoin(bp, "r", "bob", new FakeTransport(true));
        bob.leave();
        bob.leave();
        List<ServerMessage> got = received(a);
        assertEquals(new ServerMessage.Presence("r", 3, 1003, "leave", "bob", List.of()), got.get(got.size() - 1));
        assertEquals(4, got.size(), "a second leave is a no-op");
        assertEquals(List.of("alice"), bp.room("r").members());
        alice.leave();
        assertEquals(0, bp.roomCount());
    }

    @Test
    void resumeReplaysExactlyWhatWasMissedInOrder() throws Exception {
        LocalBackplane bp = backplane();
        Backplane.RoomMember alice = bpJoin(bp, "r", "alice", new FakeTransport(true));
        for (int i = 1; i <= 5; i++) {
            alice.say("m" + i);
        }
        FakeTransport b = new FakeTransport(true);
        long now = clock.get();
        bp.joinRoom("r", "bob", outbox(b), 4L);
        List<ServerMessage> got = received(b);
        // The replay reads the clock first, then the join.
        assertEquals(new ServerMessage.History("r", 4, 2, now + 1, bp.room("r").epoch()), got.get(0));
        assertEquals(new ServerMessage.Said("r", 5, 1005, "alice", "m4"), got.get(1));
        assertEquals(new ServerMessage.Said("r", 6, 1006, "alice", "m5"), got.get(2));
        assertEquals(new ServerMessage.Presence("r", 7, now + 2, "join", "bob", List.of()), got.get(3));
        assertEquals(List.of("alice", "bob"), ((ServerMessage.Presence) got.get(4)).members());
        assertEquals(5, got.size());
    }

    @Test
    void resumeBeyondHistoryStartsWithAGap() throws Exception {
        LocalBackplane bp = backplane(Setting.ROOMS_HISTORY_SIZE, 3);
        Backplane.RoomMember alice = bpJoin(bp, "r", "alice", new FakeTransport(true));
        for (int i = 1; i <= 6; i++) {
            alice.say("m" + i); // seq 2..7; history keeps 5, 6, 7
        }
        FakeTransport b = new FakeTransport(true);
        Backplane.RoomMember bob = bp.joinRoom("r", "bob", outbox(b), 1L);
        List<ServerMessage> got = received(b);
        ServerMessage.Gap gap = (ServerMessage.Gap) got.get(0);
        assertEquals(1, gap.since());
        assertEquals(5, gap.first());
        assertEquals(3, ((ServerMessage.History) got.get(1)).count());
        assertEquals(List.of(5L, 6L, 7L), List.of(((ServerMessage.Said) got.get(2)).seq(),
                ((ServerMessage.Said) got.get(3)).seq(), ((ServerMessage.Said) got.get(4)).seq()));
        bob.history(5); // history now holds 6, 7, 8 (bob's join)
        List<ServerMessage> again = received(b);
        assertTrue(again.get(7) instanceof ServerMessage.History, "exactly at the edge of history: no gap");
    }

    @Test
    void resumeAfterTheRoomRestartedIsAGapAndReplaysEverything() throws Exception {
        LocalBackplane bp = backplane();
        Backplane.RoomMember alice = bpJoin(bp, "r", "alice", new FakeTransport(true));
        alice.say("only");
        FakeTransport b = new FakeTransport(true);
        bp.joinRoom("r", "bob", outbox(b), 50L);
        List<ServerMessage> got = received(b);
        assertEquals(50, ((ServerMessage.Gap) got.get(0)).since());
        assertEquals(2, ((ServerMessage.History) got.get(1)).count());
    }

    @Test
    void resumeWithTheEpochOfAnEndedRoomIsARestartedGapThenAllOfHistoryEvenWhenSinceIsBelowTheLastNumber()
            throws Exception {
        LocalBackplane bp = backplane();
        Backplane.RoomMember first = bpJoin(bp, "r", "ann", new FakeTransport(true));
        String old = bp.room("r").epoch();
        first.leave(); // the room ends; the next join opens a new one, numbers restarted
        Backplane.RoomMember alice = bpJoin(bp, "r", "alice", new FakeTransport(true));
        String now = bp.room("r").epoch();
        assertTrue(!now.equals(old), "a room opened again has a new epoch");
        alice.say("one");
        alice.say("two");
        FakeTransport b = new FakeTransport(true);
        bp.joinRoom("r", "bob", outbox(b), 1L, old);
        List<ServerMessage> got = received(b);
        ServerMessage.Gap gap = (ServerMessage.Gap) got.get(0);
        assertEquals(List.of(1L, 1L, now, true), List.of(gap.since(), gap.first(), gap.epoch(), gap.restarted()));
        assertEquals(3, ((ServerMessage.History) got.get(1)).count(), "all of history: alice's join and two says");
        assertEquals(now, ((ServerMessage.Presence) got.get(got.size() - 1)).epoch(), "here names the new epoch");

        FakeTransport c = new FakeTransport(true);
        bp.joinRoom("r", "carol", outbox(c), 3L, now);
        List<ServerMessage> same = received(c);
        assertEquals(new ServerMessage.History("r", 3, 1, same.get(0) instanceof ServerMessage.History h ? h.time() : -1,
                now), same.get(0), "the same epoch: only what was missed, no gap");
    }

    @Test
    void historyBytesBoundDropsTheOldest() throws Exception {
        LocalBackplane bp = backplane(Setting.ROOMS_MAX_HISTORY_BYTES, 300);
        Backplane.RoomMember alice = bpJoin(bp, "r", "alice", new FakeTransport(true));
        alice.say("x".repeat(150)); // seq 2, about 230 bytes of JSON
        alice.say("y".repeat(150)); // seq 3 pushes seq 1 and 2 out
        FakeTransport b = new FakeTransport(true);
        bp.joinRoom("r", "bob", outbox(b), 0L);
        List<ServerMessage> got = received(b);
        assertEquals(3, ((ServerMessage.Gap) got.get(0)).first());
        assertEquals(1, ((ServerMessage.History) got.get(1)).count());
    }

    @Test
    void attachmentsAreStampedBroadcastAsOneBufferAndKeptInHistory() throws Exception {
        LocalBackplane bp = backplane();
        FakeTransport a = new FakeTransport(true);
        Backplane.RoomMember alice = bpJoin(bp, "r", "alice", a);
        alice.attach(new Attachment(0, 0, "", "text/plain", "a.txt", ByteBuffer.wrap(new byte[] {1, 2, 3})));
        ByteBuffer sent = (ByteBuffer) last(a);
        Attachment got = new AttachmentDecoder(1024).decode(sent);
        assertEquals(2, got.seq());
        assertEquals("alice", got.sender());
        assertEquals("a.txt", got.name());
        FakeTransport b = new FakeTransport(true);
        bp.joinRoom("r", "bob", outbox(b), 1L);
        assertEquals(2, new AttachmentDecoder(1024).decode((ByteBuffer) b.sent().get(1)).seq());
    }

    @Test
    void aTakenNickIsAnErrorNotAClose() {
        LocalBackplane bp = backplane();
        bpJoin(bp, "r", "alice", new FakeTransport(true));
        Refused r = assertThrows(Refused.class, () -> bp.joinRoom("r", "alice", outbox(new FakeTransport(true)), null));
        assertEquals("nick-taken", r.code());
        assertNull(r.close());
    }

    @Test
    void refusesTheMemberOnePastMaxMembersWith1008() {
        LocalBackplane bp = backplane(Setting.ROOMS_MAX_MEMBERS, 3);
        for (int i = 0; i < 3; i++) {
            bpJoin(bp, "r", "m" + i, new FakeTransport(true));
        }
        Refused r = assertThrows(Refused.class, () -> bp.joinRoom("r", "m3", outbox(new FakeTransport(true)), null));
        assertEquals(CloseCodes.ROOM_FULL, r.close());
        assertTrue(r.getMessage().contains("wskit.rooms.maxMembers"), r.getMessage());
    }

    @Test
    void refusesTheRoomOnePastMaxRoomsWith1008() {
        LocalBackplane bp = backplane(Setting.ROOMS_MAX_ROOMS, 2);
        bpJoin(bp, "a", "x", new FakeTransport(true));
        Backplane.RoomMember b = bpJoin(bp, "b", "x", new FakeTransport(true));
        Refused r = assertThrows(Refused.class, () -> bp.joinRoom("c", "x", outbox(new FakeTransport(true)), null));
        assertEquals(CloseCodes.TOO_MANY_ROOMS, r.close());
        assertTrue(r.getMessage().contains("wskit.rooms.maxRooms"), r.getMessage());
        b.leave();
        bpJoin(bp, "c", "x", new FakeTransport(true));
        assertEquals(2, bp.roomCount());
    }

    @Test
    void aSlowMemberIsClosedWhileTheOthersReceiveEverything() throws Exception {
        LocalBackplane bp = backplane(Setting.ROOMS_MAX_QUEUED_MESSAGES, 10);
        FakeTransport slow = new FakeTransport(false);
        FakeTransport fast = new FakeTransport(true);
        Backplane.RoomMember publisher = bpJoin(bp, "r", "fast", fast);
        bpJoin(bp, "r", "slow", slow);
        for (int i = 0; i < 50; i++) {
            publisher.say("m" + i);
        }
        assertEquals(CloseCodes.SLOW_MEMBER, slow.close);
        assertTrue(slow.closeReason.contains("too slow"), slow.closeReason);
        List<ServerMessage> got = received(fast);
        long said = got.stream().filter(m -> m instanceof ServerMessage.Said).count();
        assertEquals(50, said);
        assertTrue(got.stream().anyMatch(m -> m instanceof ServerMessage.Presence p && p.event().equals("leave")
                && p.nick().equals("slow")), "the others are told the slow member left");
        assertEquals(List.of("fast"), bp.room("r").members());
    }

    @Test
    void concurrentPublishersKeepTheirOrderAndEveryoneSeesOneSequence() throws Exception {
        int publishers = 6;
        int each = 300;
        // Every message may sit in one queue while its drainer is descheduled (a loaded machine): no member may be
        // dropped as too slow here, so the bound is above all that is said.
        LocalBackplane bp = backplane(Setting.ROOMS_MAX_QUEUED_MESSAGES, publishers * each + publishers + 10L);
        List<FakeTransport> ts = new ArrayList<>();
        List<Backplane.RoomMember> members = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            FakeTransport t = new FakeTransport(true);
            ts.add(t);
            members.add(bpJoin(bp, "r", "p" + i, t));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            Backplane.RoomMember m = members.get(i);
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < each; n++) {
                    m.say(Integer.toString(n));
                }
            });
            th.start();
            threads.add(th);
        }
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        for (FakeTransport t : ts) {
            assertEquals(null, t.close, "no member is closed: " + t.closeReason);
            assertEquals(1, t.maxInFlight.get());
            long lastSeq = 0;
            int[] next = new int[publishers];
            int said = 0;
            for (ServerMessage m : received(t)) {
                if (m instanceof ServerMessage.Presence p && p.event().equals("here")) {
                    continue; // to the joiner alone, carrying its join's number
                }
                long seq = m instanceof ServerMessage.Said s ? s.seq() : ((ServerMessage.Presence) m).seq();
                assertTrue(seq > lastSeq, "sequence numbers increase");
                lastSeq = seq;
                if (m instanceof ServerMessage.Said s) {
                    int p = Integer.parseInt(s.nick().substring(1));
                    assertEquals(next[p]++, Integer.parseInt(s.text()), "publisher order");
                    said++;
                }
            }
            assertEquals(publishers * each, said);
        }
    }

    private Backplane.RoomMember bpJoin(LocalBackplane bp, String room, String nick, FakeTransport t) {
        try {
            return bp.joinRoom(room, nick, outbox(t), null);
        } catch (Refused r) {
            throw new AssertionError(r);
        }
    }

    private static Object last(FakeTransport t) {
        List<Object> s = t.sent();
        return s.get(s.size() - 1);
    }
}
