package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import dev.wskit.codec.Stroke;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesDecoder;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link LocalBackplane} under concurrency, without a container: mass deaths in constant stack depth, death
 * actions in place before a member can receive anything, per-room locking, and joiners' first messages built
 * outside the lock yet delivered before any later broadcast. Interleavings are forced with the backplane's
 * {@link LocalBackplane.Probe} and latches, never with sleeps.
 */
class BackplaneConcurrencyTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ServerMessageDecoder json = new ServerMessageDecoder();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private LocalBackplane backplane(RoomLimits limits) {
        return new LocalBackplane(limits, clock::incrementAndGet);
    }

    private static RoomLimits limits(Settings settings) {
        return RoomLimits.from(settings);
    }

    private List<ServerMessage> received(FakeTransport t) throws Exception {
        List<ServerMessage> out = new ArrayList<>();
        for (String s : t.texts()) {
            out.add(json.decode(s));
        }
        return out;
    }

    private <T> Future<T> on(String threadName, Callable<T> work) {
        return threads.submit(() -> {
            Thread.currentThread().setName(threadName);
            return work.call();
        });
    }

    /** A probe that holds the thread named {@code thread} at {@code step} until released. */
    private static final class Hold implements LocalBackplane.Probe {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final LocalBackplane.Step step;
        private final String thread;

        Hold(LocalBackplane.Step step, String thread) {
            this.step = step;
            this.thread = thread;
        }

        @Override
        public void at(LocalBackplane.Step at, String name) {
            if (at == step && Thread.currentThread().getName().equals(thread)) {
                reached.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void awaitReached() throws InterruptedException {
            assertTrue(reached.await(30, TimeUnit.SECONDS), thread + " never reached " + step);
        }
    }

    // ---- 1. dropping many slow members at once ----

    @ParameterizedTest(name = "maxMembers {0}")
    @ValueSource(ints = {1000, 3000})
    void stallingEveryMemberOfAFullRoomDropsThemAllOnOnePublishInConstantStackDepth(int maxMembers) throws Exception {
        int stalled = maxMembers - 1;
        // Queues just large enough for the joins: member i holds stalled - i presences, so one publish overflows m0,
        // m0's leave overflows m1, and so on down the whole room: a chain of deaths as long as the room.
        RoomLimits limits = limits(Settings.defaults().with(Setting.ROOMS_MAX_MEMBERS, maxMembers)
                .with(Setting.ROOMS_MAX_QUEUED_MESSAGES, stalled));
        LocalBackplane bp = backplane(limits);
        FakeTransport watcherSees = new FakeTransport(true);
        Backplane.RoomMember watcher = bp.joinRoom("r", "watcher", limits.outbox(watcherSees), null);
        List<FakeTransport> transports = new ArrayList<>();
        for (int i = 0; i < stalled; i++) {
            FakeTransport never = new FakeTransport(false); // never completes a send
            transports.add(never);
            bp.joinRoom("r", "m" + i, limits.outbox(never), null);
        }
        assertEquals(maxMembers, bp.room("r").size());
        assertEquals(CloseCodes.ROOM_FULL, assertThrows(Refused.class, () -> bp.joinRoom("r", "one-more",
                limits.outbox(new FakeTransport(true)), null)).close(), "the room is full");
        assertTrue(transports.stream().allMatch(t -> t.close == null), "nobody was dropped while joining");

        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread publisher = new Thread(null, () -> {
            try {
                watcher.say("go");
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "publisher with a small stack", 256 * 1024);
        publisher.start();
        publisher.join(TimeUnit.MINUTES.toMillis(2));
        assertFalse(publisher.isAlive(), "the publish did not finish");
        assertNull(failure.get(), () -> "the publish failed: " + failure.get());

        for (int i = 0; i < stalled; i++) {
            FakeTransport t = transports.get(i);
            assertEquals(CloseCodes.SLOW_MEMBER, t.close, "m" + i);
            assertTrue(t.closeReason.startsWith("too slow: more than " + stalled + " messages"), t.closeReason);
        }
        List<String> leaves = new ArrayList<>();
        long lastSeq = 0;
        for (ServerMessage m : received(watcherSees)) {
            if (m instanceof ServerMessage.Presence p && p.event().equals("leave")) {
                leaves.add(p.nick());
                assertTrue(p.seq() > lastSeq, "one order");
                lastSeq = p.seq();
            }
        }
        assertEquals(stalled, leaves.size(), "each leave announced once");
        assertEquals(stalled, new HashSet<>(leaves).size(), "each leave announced once");
        assertEquals(List.of("watcher"), bp.room("r").members());
        watcher.leave();
        assertEquals(0, bp.roomCount(), "the room ends with its last member");
    }

    // ---- 2. death actions are in place before a member can receive anything ----

    @Test
    void aMemberWhoseOutboxOverflowsAtItsFirstMessageLeavesEvenBeforeItsJoinReturns() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = backplane(limits);
        FakeTransport aliceSees = new FakeTransport(true);
        Backplane.RoomMember alice = bp.joinRoom("r", "alice", limits.outbox(aliceSees), null);
        Hold hold = new Hold(LocalBackplane.Step.JOINED, "joining bob");
        bp.probe(hold);
        FakeTransport bobSees = new FakeTransport(false);
        Outbox overflowsAtOnce = new Outbox(bobSees, 0, 1 << 20);
        Future<Backplane.RoomMember> bob = on("joining bob", () -> bp.joinRoom("r", "bob", overflowsAtOnce, null));
        hold.awaitReached();

        // Bob is in the room and its outbox overflowed at its own join; its join has not returned yet.
        assertEquals(List.of("alice", "bob"), bp.room("r").members());
        assertTrue(overflowsAtOnce.isDead());
        assertNull(bobSees.close, "not carried out until someone flushes it");
        alice.say("hello"); // flushes every member, bob included: its death is carried out here, on this thread
        assertEquals(CloseCodes.SLOW_MEMBER, bobSees.close);
        assertEquals(List.of("alice"), bp.room("r").members(), "bob left: its death action was already registered");
        Backplane.RoomMember bobAgain = bp.joinRoom("r", "bob", limits.outbox(new FakeTransport(true)), null);

        hold.release.countDown();
        bob.get(30, TimeUnit.SECONDS).leave(); // the first bob's join returns; its leave is a no-op
        assertEquals(List.of("alice", "bob"), bp.room("r").members());
        List<String> seen = new ArrayList<>();
        for (ServerMessage m : received(aliceSees)) {
            if (m instanceof ServerMessage.Presence p && !p.event().equals("here")) {
                seen.add(p.event() + " " + p.nick());
            } else if (m instanceof ServerMessage.Said s) {
                seen.add("say " + s.text());
            }
        }
        assertEquals(List.of("join alice", "join bob", "say hello", "leave bob", "join bob"), seen);
        bobAgain.leave();
        alice.leave();
        assertEquals(0, bp.roomCount());
    }

    @Test
    void anOutboxClosedBeforeItsJoinNeverBecomesAMember() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = backplane(limits);
        Outbox room = limits.outbox(new FakeTransport(true));
        Outbox board = limits.outbox(new FakeTransport(true));
        room.discard(); // its connection closed while the join was on its way
        board.discard();
        bp.joinRoom("r", "alice", room, null).leave();
        bp.joinBoard("b", board).leave();
        assertEquals(0, bp.roomCount(), "the room opened for it ended at once");
        assertEquals(0, bp.boardCount());
        assertEquals(0, room.deathActions());
        bp.joinRoom("r", "alice", limits.outbox(new FakeTransport(true)), null);
        assertEquals(List.of("alice"), bp.room("r").members(), "the nick was never taken");
    }

    @Test
    void refusedJoinsLeaveNoDeathActionBehind() throws Exception {
        RoomLimits limits = limits(Settings.defaults().with(Setting.ROOMS_MAX_MEMBERS, 1));
        LocalBackplane bp = backplane(limits);
        bp.joinRoom("r", "alice", limits.outbox(new FakeTransport(true)), null);
        Outbox box = limits.outbox(new FakeTransport(true));
        for (int i = 0; i < 1000; i++) {
            assertEquals("nick-taken", assertThrows(Refused.class, () -> bp.joinRoom("r", "alice", box, null)).code());
            assertEquals(CloseCodes.ROOM_FULL, assertThrows(Refused.class, () -> bp.joinRoom("r", "bob", box, null)).close());
        }
        assertEquals(0, box.deathActions(), "a client retrying nicks cannot grow its outbox");
        bp.joinRoom("s", "bob", box, null);
        assertEquals(1, box.deathActions());
    }

    // ---- 3. per-room locking, exact rules ----

    @Test
    void aJoinHeldInTheMiddleInOneRoomDoesNotDelayJoinsToOtherRoomsOrBoards() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = backplane(limits);
        Hold hold = new Hold(LocalBackplane.Step.LOCKED, "joining a");
        bp.probe(hold);
        Future<Backplane.RoomMember> held = on("joining a", () -> bp.joinRoom("a", "ann", limits.outbox(new FakeTransport(true)), null));
        hold.awaitReached();

        Future<Backplane.RoomMember> other = on("joining b", () -> bp.joinRoom("b", "bob", limits.outbox(new FakeTransport(true)), null));
        other.get(30, TimeUnit.SECONDS);
        Future<Backplane.BoardMember> board = on("joining board a", () -> bp.joinBoard("a", limits.outbox(new FakeTransport(true))));
        board.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("bob"), bp.room("b").members());
        Future<Backplane.RoomMember> sameRoom = on("joining a too", () -> bp.joinRoom("a", "amy", limits.outbox(new FakeTransport(true)), null));
        assertFalse(held.isDone());
        assertFalse(sameRoom.isDone(), "a join to the same room waits for the room's lock");

        hold.release.countDown();
        held.get(30, TimeUnit.SECONDS);
        sameRoom.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("ann", "amy"), bp.room("a").members());
    }

    @Test
    void aJoinRacingTheLastLeaveOpensTheRoomAgainWithNumbersRestarted() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = backplane(limits);
        Backplane.RoomMember alice = bp.joinRoom("r", "alice", limits.outbox(new FakeTransport(true)), null);
        alice.say("x"); // seq 2
        Room old = bp.room("r");
        Hold hold = new Hold(LocalBackplane.Step.FOUND, "joining bob");
        bp.probe(hold);
        FakeTransport bobSees = new FakeTransport(true);
        Future<Backplane.RoomMember> bob = on("joining bob", () -> bp.joinRoom("r", "bob", limits.outbox(bobSees), 2L));
        hold.awaitReached(); // bob's join has found the room, and holds no lock

        alice.leave();
        assertEquals(0, bp.roomCount(), "the room ended with its last member");
        assertTrue(old.isEnded());
        hold.release.countDown();
        bob.get(30, TimeUnit.SECONDS);

        Room fresh = bp.room("r");
        assertNotSame(old, fresh);
        assertEquals(List.of("bob"), fresh.members());
        assertTrue(old.members().isEmpty(), "nobody joined the room that had ended");
        List<ServerMessage> got = received(bobSees);
        ServerMessage.Gap gap = assertInstanceOf(ServerMessage.Gap.class, got.get(0));
        assertEquals(2, gap.since(), "since beyond the room's last number: the room was opened again");
        assertEquals(1, gap.first());
        assertEquals(0, assertInstanceOf(ServerMessage.History.class, got.get(1)).count());
        ServerMessage.Presence join = assertInstanceOf(ServerMessage.Presence.class, got.get(2));
        assertEquals(1, join.seq(), "numbers restarted");
        assertEquals(List.of("bob"), assertInstanceOf(ServerMessage.Presence.class, got.get(3)).members());
    }

    @Test
    void concurrentJoinsOpenExactlyMaxRoomsAndEndedRoomsFreeTheirPlaces() throws Exception {
        RoomLimits limits = limits(Settings.defaults().with(Setting.ROOMS_MAX_ROOMS, 5));
        LocalBackplane bp = backplane(limits);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Backplane.RoomMember>> joins = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String room = "r" + i;
            joins.add(on("joining " + room, () -> {
                go.await();
                return bp.joinRoom(room, "x", limits.outbox(new FakeTransport(true)), null);
            }));
        }
        go.countDown();
        List<Backplane.RoomMember> in = new ArrayList<>();
        int refused = 0;
        for (Future<Backplane.RoomMember> f : joins) {
            try {
                in.add(f.get(30, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                Refused r = assertInstanceOf(Refused.class, e.getCause());
                assertTrue(r.getMessage().contains("wskit.rooms.maxRooms"), r.getMessage());
                refused++;
            }
        }
        assertEquals(5, in.size());
        assertEquals(11, refused);
        assertEquals(5, bp.roomCount());

        // Churn: joins and leaves across more names than places, from several threads; the count never drifts.
        in.forEach(Backplane.RoomMember::leave);
        List<Future<Integer>> churn = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            int id = n;
            churn.add(on("churn " + n, () -> {
                int opened = 0;
                for (int i = 0; i < 2000; i++) {
                    try {
                        Backplane.RoomMember m = bp.joinRoom("c" + (i + id) % 8, "t" + id, limits.outbox(new FakeTransport(true)), null);
                        assertTrue(bp.roomCount() <= 5);
                        m.leave();
                        opened++;
                    } catch (Refused r) {
                        assertEquals(CloseCodes.TOO_MANY_ROOMS, r.close());
                    }
                }
                return opened;
            }));
        }
        for (Future<Integer> f : churn) {
            assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
        }
        assertEquals(0, bp.roomCount());
        for (int i = 0; i < 5; i++) {
            bp.joinRoom("again" + i, "x", limits.outbox(new FakeTransport(true)), null);
        }
        assertEquals(CloseCodes.TOO_MANY_ROOMS, assertThrows(Refused.class, () -> bp.joinRoom("one-more", "x",
                limits.outbox(new FakeTransport(true)), null)).close());
    }

    // ---- 3. heavy work outside the lock, yet first ----

    @Test
    void theJoinersMemberListComesBeforeABroadcastMadeWhileItWasBeingEncoded() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = backplane(limits);
        Backplane.RoomMember alice = bp.joinRoom("r", "alice", limits.outbox(new FakeTransport(true)), null);
        Hold hold = new Hold(LocalBackplane.Step.JOINED, "joining bob");
        bp.probe(hold);
        FakeTransport bobSees = new FakeTransport(true);
        Future<Backplane.RoomMember> bob = on("joining bob", () -> bp.joinRoom("r", "bob", limits.outbox(bobSees), null));
        hold.awaitReached(); // bob is in the room, the lock is free, its member list not encoded yet

        alice.say("meanwhile");
        assertEquals(1, bobSees.texts().size(), "only bob's own join went out; the rest waits for its member list");
        hold.release.countDown();
        bob.get(30, TimeUnit.SECONDS);
        List<ServerMessage> got = received(bobSees);
        assertEquals("join", assertInstanceOf(ServerMessage.Presence.class, got.get(0)).event());
        ServerMessage.Presence here = assertInstanceOf(ServerMessage.Presence.class, got.get(1));
        assertEquals("here", here.event());
        assertEquals(List.of("alice", "bob"), here.members());
        assertEquals(2, here.seq());
        assertEquals("meanwhile", assertInstanceOf(ServerMessage.Said.class, got.get(2)).text());
        assertEquals(3, got.size());
    }

    @Test
    void aLateJoinerReceivesTheBoardBeforeStrokesDrawnWhileItsSnapshotWasBuilt() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = backplane(limits);
        Backplane.BoardMember alice = bp.joinBoard("b", limits.outbox(new FakeTransport(true)));
        alice.draw(Strokes.of(Stroke.line(1, 1, 10, 10)));
        Hold hold = new Hold(LocalBackplane.Step.JOINED, "joining bob");
        bp.probe(hold);
        FakeTransport bobSees = new FakeTransport(true);
        Future<Backplane.BoardMember> bob = on("joining bob", () -> bp.joinBoard("b", limits.outbox(bobSees)));
        hold.awaitReached();

        alice.draw(Strokes.of(Stroke.line(2, 2, 20, 20)));
        assertEquals(0, bobSees.sent().size(), "nothing overtakes the snapshot");
        hold.release.countDown();
        bob.get(30, TimeUnit.SECONDS);
        StrokesDecoder decoder = new StrokesDecoder(1 << 20);
        List<Object> sent = bobSees.sent();
        assertEquals(new Strokes(List.of(new Stroke(Stroke.Kind.CLEAR, 1, 0, 0, new int[0]),
                Stroke.line(1, 1, 10, 10).numbered(1))), decoder.decode((ByteBuffer) sent.get(0)));
        assertEquals(Strokes.of(Stroke.line(2, 2, 20, 20).numbered(2)), decoder.decode((ByteBuffer) sent.get(1)));
        assertEquals(2, sent.size());
    }

    @Test
    void underConcurrentDrawingEveryJoinerSeesTheBoardThenEveryLaterStrokeOnceInOrder() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = backplane(limits);
        Backplane.BoardMember drawer = bp.joinBoard("b", limits.outbox(new FakeTransport(true)));
        int strokes = 2000;
        CountDownLatch go = new CountDownLatch(1);
        Future<?> drawing = on("drawer", () -> {
            go.await();
            for (int i = 0; i < strokes; i++) {
                drawer.draw(Strokes.of(Stroke.line(i, 1, i % 65536, 7)));
            }
            return null;
        });
        List<FakeTransport> joiners = new ArrayList<>();
        go.countDown();
        for (int j = 0; j < 50; j++) {
            FakeTransport t = new FakeTransport(true);
            joiners.add(t);
            bp.joinBoard("b", limits.outbox(t));
        }
        drawing.get(60, TimeUnit.SECONDS);
        StrokesDecoder decoder = new StrokesDecoder(1 << 20);
        for (FakeTransport t : joiners) {
            List<Object> sent = t.sent();
            Strokes board = decoder.decode((ByteBuffer) sent.get(0));
            long last = board.strokes().get(0).seq();
            assertEquals(Stroke.Kind.CLEAR, board.strokes().get(0).kind());
            assertEquals(last, board.strokes().size() - 1, "the snapshot holds every stroke up to its number");
            for (int i = 1; i < board.strokes().size(); i++) {
                assertEquals(i, board.strokes().get(i).seq());
                assertEquals(i - 1, board.strokes().get(i).rgba(), "each stroke as drawn");
            }
            for (Object o : sent.subList(1, sent.size())) {
                for (Stroke s : decoder.decode((ByteBuffer) o).strokes()) {
                    assertEquals(++last, s.seq(), "after the snapshot: every later stroke, once, in order");
                }
            }
            assertEquals(strokes, last);
        }
    }

    @Test
    void underConcurrentSayingEveryJoinerSeesItsMemberListThenEveryLaterMessageOnceInOrder() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = backplane(limits);
        Backplane.RoomMember talker = bp.joinRoom("r", "talker", limits.outbox(new FakeTransport(true)), null);
        CountDownLatch go = new CountDownLatch(1);
        Future<?> talking = on("talker", () -> {
            go.await();
            for (int i = 0; i < 2000; i++) {
                talker.say("m" + i);
            }
            return null;
        });
        List<FakeTransport> joiners = new ArrayList<>();
        go.countDown();
        for (int j = 0; j < 50; j++) {
            FakeTransport t = new FakeTransport(true);
            joiners.add(t);
            bp.joinRoom("r", "j" + j, limits.outbox(t), null);
        }
        talking.get(60, TimeUnit.SECONDS);
        long end = bp.room("r").lastSeq();
        for (int j = 0; j < joiners.size(); j++) {
            List<ServerMessage> got = received(joiners.get(j));
            ServerMessage.Presence join = assertInstanceOf(ServerMessage.Presence.class, got.get(0));
            ServerMessage.Presence here = assertInstanceOf(ServerMessage.Presence.class, got.get(1));
            assertEquals("j" + j, join.nick());
            assertEquals("here", here.event());
            assertEquals(join.seq(), here.seq());
            assertEquals("j" + j, here.members().get(here.members().size() - 1));
            long last = here.seq();
            for (ServerMessage m : got.subList(2, got.size())) {
                long seq = m instanceof ServerMessage.Said s ? s.seq() : ((ServerMessage.Presence) m).seq();
                assertEquals(++last, seq, "after the member list: every later message, once, in order");
            }
            assertEquals(end, last);
        }
        Set<String> all = new HashSet<>(bp.room("r").members());
        assertEquals(51, all.size());
    }
}
