package dev.wskit.rooms.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.rooms.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The feed's ordering rules, without Redis: envelopes and history are played by the test. */
class FeedPumpTest {

    private static final String E = "aaaaaaaaaaaaaaaa";
    private static final String OLD = "0000000000000000";
    private static final String NEW = "ffffffffffffffff";

    /** Runs queued tasks only when the test says so. */
    private static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) {
                r.run();
            }
        }
    }

    /** Redis as the pump reads it: an epoch, a last number and the history it still holds. */
    private static final class FakeRedis implements FeedPump.Source {
        String epoch = E;
        long last;
        final TreeMap<Long, Numbered> history = new TreeMap<>();
        int reads;
        boolean down;

        void publish(long seq) {
            history.put(seq, numbered(seq));
            last = Math.max(last, seq);
        }

        @Override
        public FeedPump.CatchUp read(long after) {
            reads++;
            if (down) {
                throw new RedisUnavailableException("down", null);
            }
            if (epoch == null) {
                return null;
            }
            return new FeedPump.CatchUp(epoch, last, new ArrayList<>(history.tailMap(after, false).values()), false);
        }
    }

    private static final class Admitted implements Admission {
        List<Frame> backlog;
        String refused;

        @Override
        public void admitted(List<Frame> backlog) {
            this.backlog = backlog;
        }

        @Override
        public void refused(String reason) {
            refused = reason;
        }
    }

    private final RecordingFeed feed = new RecordingFeed();
    private final FakeRedis redis = new FakeRedis();
    private final ManualExecutor executor = new ManualExecutor();
    private final FeedPump pump = new FeedPump("room 't'", feed, redis, executor, 3, 1 << 20);

    @Test
    void anchorsAtTheFirstAdmissionAndDropsWhatAnOlderNumberingPublishedBeforeIt() {
        pump.offer(envelope(OLD, 7));
        pump.offer(envelope(E, 3));
        pump.offer(envelope(E, 5));
        Admitted first = new Admitted();
        pump.admit(E, 4, first);
        executor.runAll();
        assertEquals(List.of(), first.backlog);
        assertEquals(5, feed.delivered().seq());
        assertTrue(feed.events.isEmpty(), feed.events.toString());
        assertEquals(0, redis.reads, "nothing was missing");
    }

    @Test
    void anotherEpochAfterTheAnchorsOwnIsARestart() {
        anchor(1);
        pump.offer(envelope(E, 2));
        pump.offer(envelope(NEW, 1));
        pump.offer(envelope(E, 3));
        executor.runAll();
        assertEquals(2, feed.delivered().seq());
        assertEquals(new RecordingFeed.Restarted(NEW), feed.next());
        assertTrue(feed.events.isEmpty(), "nothing after a restart: " + feed.events);
        assertTrue(pump.isEnded());
    }

    @Test
    void fetchesMissingNumbersFromHistoryBeforeTheOneThatRevealedThem() {
        anchor(1);
        for (long s = 2; s <= 5; s++) {
            redis.publish(s);
        }
        pump.offer(envelope(E, 2));
        pump.offer(envelope(E, 5));
        pump.offer(envelope(E, 3)); // late duplicate
        executor.runAll();
        List<RecordingFeed.Delivered> got = feed.delivered(4, 1);
        assertEquals("m5", got.get(3).text());
        assertTrue(feed.events.isEmpty(), feed.events.toString());
        assertEquals(1, redis.reads);
    }

    @Test
    void reportsAGapOnlyForWhatHistoryNoLongerHolds() {
        anchor(1);
        for (long s = 4; s <= 6; s++) {
            redis.publish(s); // 2 and 3 are gone from history
        }
        pump.offer(envelope(E, 6));
        executor.runAll();
        assertEquals(new RecordingFeed.Gap(1, 4), feed.next());
        feed.delivered(3, 3);
        assertTrue(feed.events.isEmpty(), feed.events.toString());
    }

    @Test
    void aNumberPublishedButNoLongerHeldIsAGapToo() {
        anchor(1);
        redis.last = 3; // 2 and 3 were published and fell out of history at once (historySize 0)
        pump.offer(envelope(E, 3));
        executor.runAll();
        assertEquals(new RecordingFeed.Gap(1, 3), feed.next());
        assertEquals(3, feed.delivered().seq(), "the envelope in hand is not lost");
        assertTrue(feed.events.isEmpty(), feed.events.toString());
        pump.offer(envelope(E, 4));
        executor.runAll();
        assertEquals(4, feed.delivered().seq());
    }

    @Test
    void aFullQueueDropsAndCatchesUpFromHistoryInOrder() {
        anchor(1);
        for (long s = 2; s <= 7; s++) {
            redis.publish(s);
            pump.offer(envelope(E, s)); // the bound is 3: 5, 6, 7 are dropped
        }
        executor.runAll();
        feed.delivered(6, 1);
        assertTrue(feed.events.isEmpty(), feed.events.toString());
    }

    @Test
    void aLostMessageWithNothingAfterItIsFoundByTheSecondProbe() {
        anchor(1);
        redis.publish(2); // its envelope never comes
        pump.probe(E, 2);
        executor.runAll();
        assertTrue(feed.events.isEmpty(), "one probe may race the message in flight");
        pump.probe(E, 2);
        executor.runAll();
        assertEquals(2, feed.delivered().seq());
    }

    @Test
    void resubscriptionCatchesUpAndAFailedCatchUpIsRetried() {
        anchor(1);
        redis.publish(2);
        redis.down = true;
        pump.catchUp("resubscribed");
        executor.runAll();
        assertTrue(feed.events.isEmpty());
        redis.down = false;
        pump.probe(E, 2); // a pending catch-up does not wait for a second probe
        executor.runAll();
        assertEquals(2, feed.delivered().seq());
    }

    @Test
    void aRoomGoneOrRenumberedInRedisIsARestartAndRefusesWaitingAdmissions() {
        anchor(1);
        Admitted waiting = new Admitted();
        pump.admit(E, 5, waiting);
        redis.epoch = null;
        pump.catchUp("reconnected");
        executor.runAll();
        assertEquals(new RecordingFeed.Restarted(null), feed.next());
        assertTrue(waiting.refused.contains("restarted"), waiting.refused);
    }

    @Test
    void anAdmissionWaitsForItsNumberOrStartsWithTheFramesAlreadyPassedOn() {
        anchor(1);
        Admitted later = new Admitted();
        pump.admit(E, 3, later);
        pump.offer(envelope(E, 2));
        executor.runAll();
        assertEquals(null, later.backlog, "not before its own join's number");
        pump.offer(envelope(E, 3));
        pump.offer(envelope(E, 4));
        executor.runAll();
        assertEquals(List.of(), later.backlog);
        Admitted behind = new Admitted();
        pump.admit(E, 2, behind);
        executor.runAll();
        assertEquals(List.of("m3", "m4"), behind.backlog.stream().map(Frame::text).toList());
        Admitted otherEpoch = new Admitted();
        redis.last = 4;
        pump.admit(OLD, 9, otherEpoch);
        executor.runAll();
        assertTrue(otherEpoch.refused.contains("join again"), otherEpoch.refused);
        pump.close("closed");
        Admitted afterClose = new Admitted();
        pump.admit(E, 4, afterClose);
        executor.runAll();
        assertTrue(afterClose.refused != null);
    }

    @Test
    void anAdmissionBeyondTheRingReadsItsBacklogFromHistoryOrIsRefused() {
        anchor(0);
        for (long s = 1; s <= FeedPump.RING_MESSAGES + 10; s++) {
            redis.publish(s);
            pump.offer(envelope(E, s));
            executor.runAll();
        }
        Admitted early = new Admitted();
        pump.admit(E, 2, early);
        executor.runAll();
        assertEquals(FeedPump.RING_MESSAGES + 8, early.backlog.size());
        assertEquals("m3", early.backlog.get(0).text());
        redis.history.remove(3L);
        Admitted lost = new Admitted();
        pump.admit(E, 2, lost);
        executor.runAll();
        assertTrue(lost.refused.contains("since"), lost.refused);
    }

    @Test
    void aBoardThatFellBehindIsDeliveredWhole() {
        FeedPump.Source board = after -> new FeedPump.CatchUp(E, 9, List.of(new Numbered(0, 9,
                Frame.binary(java.nio.ByteBuffer.wrap(new byte[] {'C', 0, 0, 0, 9})))), true);
        FeedPump boardPump = new FeedPump("board 'b'", feed, board, executor, 10, 1 << 20);
        boardPump.admit(E, 2, new Admitted());
        boardPump.offer(envelope(E, 7)); // 3-6 missed
        executor.runAll();
        RecordingFeed.Delivered d = feed.delivered();
        assertEquals(9, d.seq());
        assertEquals(5, d.frame().size());
        assertTrue(feed.events.isEmpty());
    }

    private void anchor(long seq) {
        Admitted a = new Admitted();
        pump.admit(E, seq, a);
        executor.runAll();
        assertEquals(List.of(), a.backlog);
        redis.last = seq;
    }

    private static Numbered numbered(long seq) {
        return new Numbered(seq, seq, Frame.text("m" + seq));
    }

    private static Envelope envelope(String epoch, long seq) {
        return Envelope.parse(("T" + epoch + seq + " " + seq + "\nm" + seq).getBytes(StandardCharsets.UTF_8));
    }
}
