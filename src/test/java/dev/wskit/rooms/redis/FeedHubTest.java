package dev.wskit.rooms.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.rooms.Frame;
import dev.wskit.testing.Recorder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fan-out across nodes: one subscription per room per node, order, catch-up after outages, never deaf. */
class FeedHubTest {

    private static final Pattern SAY = Pattern.compile("\"text\":\"(t\\d+)-(\\d+)\"");

    @RegisterExtension
    static final RedisNodes nodes = new RedisNodes();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow(); // before the nodes close (RedisNodes, after this)
    }




    /** A node following one room with a recording feed, and the members it joined there. */
    static final class Follower {
        final RedisNode node;
        final String room;
        final RecordingFeed feed = new RecordingFeed();
        final FeedSubscription subscription;

        Follower(RedisNode node, String room) {
            this.node = node;
            this.room = room;
            this.subscription = node.feeds().openRoom(room, feed);
        }

        /** Joins and admits a member; returns its join. */
        RoomStore.Joined join(String nick) {
            RoomStore.Joined j = (RoomStore.Joined) node.rooms().join(room, nick, "c-" + nick.replace(' ', '_'), null,
                    null, () -> { });
            AwaitedAdmission admitted = new AwaitedAdmission();
            subscription.admit(j.epoch(), j.seq(), admitted);
            admitted.backlog();
            return j;
        }
    }

    @Test
    void membersOnTwoNodesSeeOneOrderUnderConcurrentPublishers() throws Exception {
        Follower a = new Follower(nodes.start(), "r");
        Follower b = new Follower(nodes.start(), "r");
        RoomClaim ann = a.join("ann").claim();
        RoomClaim bob = b.join("bob").claim();
        assertEquals(2, a.feed.delivered().seq(), "bob's join reaches node a");
        int perThread = 100;
        List<Future<?>> publishers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            RoomClaim claim = t % 2 == 0 ? ann : bob;
            String name = "t" + t;
            publishers.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    claim.say(name + "-" + i);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : publishers) {
            f.get(60, TimeUnit.SECONDS);
        }
        List<RecordingFeed.Delivered> onA = a.feed.delivered(4 * perThread, 2);
        List<RecordingFeed.Delivered> onB = b.feed.delivered(4 * perThread, 2);
        Map<String, Integer> next = new HashMap<>();
        for (int i = 0; i < onA.size(); i++) {
            assertEquals(onA.get(i).text(), onB.get(i).text(), "same frame for number " + onA.get(i).seq());
            Matcher m = SAY.matcher(onA.get(i).text());
            assertTrue(m.find(), onA.get(i).text());
            int n = Integer.parseInt(m.group(2));
            assertEquals(next.getOrDefault(m.group(1), 0), n, "publisher " + m.group(1) + " in its own order");
            next.put(m.group(1), n + 1);
        }
        assertEquals(4, next.size());
        assertTrue(a.feed.events.isEmpty() && b.feed.events.isEmpty());
    }

    @Test
    void oneSubscriptionPerRoomPerNodeDroppedWithTheLast() {
        RedisNode node = nodes.start();
        Follower f = new Follower(node, "r");
        assertThrows(IllegalStateException.class, () -> node.feeds().openRoom("r", new RecordingFeed()));
        assertEquals(List.of("wskit:room:{r}:feed", 1L), nodes.redis().command("PUBSUB", "NUMSUB", "wskit:room:{r}:feed"));
        f.subscription.close();
        f.subscription.close();
        assertEquals(0, node.feeds().size());
        await().atMost(Recorder.WAIT).until(() -> List.of("wskit:room:{r}:feed", 0L)
                .equals(nodes.redis().command("PUBSUB", "NUMSUB", "wskit:room:{r}:feed")));
        Follower again = new Follower(node, "r"); // the same node follows the room again, from a fresh anchor
        again.join("ann");
        assertEquals(1, node.feeds().size());
    }

    @Test
    void whatIsPublishedWhileANodesSubscriptionIsDownIsCaughtUpFromHistory() {
        Follower a = new Follower(nodes.start(), "r");
        Follower b = new Follower(nodes.start(), "r");
        RoomClaim ann = a.join("ann").claim();
        b.join("bob");
        assertEquals(2, a.feed.delivered().seq());
        // Redis refuses new connections (the existing command connections stay) and drops every subscriber: the
        // nodes' pub/sub connections are down and cannot come back, the publisher's commands still work.
        nodes.redis().requirePassword("outage");
        nodes.redis().command("CLIENT", "KILL", "TYPE", "pubsub");
        await().atMost(Recorder.WAIT).until(() -> List.of("wskit:room:{r}:feed", 0L)
                .equals(nodes.redis().command("PUBSUB", "NUMSUB", "wskit:room:{r}:feed")));
        for (int i = 0; i < 20; i++) {
            ann.say("t0-" + i);
        }
        nodes.redis().requirePassword(null);
        List<RecordingFeed.Delivered> onA = a.feed.delivered(20, 2);
        List<RecordingFeed.Delivered> onB = b.feed.delivered(20, 2);
        assertEquals(onA.stream().map(RecordingFeed.Delivered::text).toList(),
                onB.stream().map(RecordingFeed.Delivered::text).toList());
        assertTrue(onB.get(19).text().contains("t0-19"));
        ann.say("t0-20"); // and live again
        assertEquals(23, b.feed.delivered().seq());
        assertTrue(b.feed.events.isEmpty(), b.feed.events.toString());
    }

    @Test
    void messagesDroppedByAFullFeedQueueAreFetchedFromHistory() throws Exception {
        RedisOptions small = RedisNodes.options().withFeedQueue(2, 1 << 20);
        Follower a = new Follower(nodes.start(), "r");
        RedisNode slowNode = nodes.start(small);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean blocked = new AtomicBoolean();
        RecordingFeed seen = new RecordingFeed();
        FeedSubscription slow = slowNode.feeds().openRoom("r", new RoomFeed() {
            @Override
            public void deliver(long seq, Frame frame) {
                if (blocked.compareAndSet(false, true)) {
                    try {
                        release.await(); // the node's fan-out stalls: pub/sub messages pile up behind it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                seen.deliver(seq, frame);
            }

            @Override
            public void gap(long since, long first) {
                seen.gap(since, first);
            }

            @Override
            public void restarted(String epoch) {
                seen.restarted(epoch);
            }
        });
        RoomStore.Joined bob = (RoomStore.Joined) slowNode.rooms().join("r", "bob", "1", null, null, () -> { });
        slow.admit(bob.epoch(), bob.seq(), new Admission() {
            @Override
            public void admitted(List<Frame> backlog) {
            }

            @Override
            public void refused(String reason) {
                seen.gap(-1, -1);
            }
        });
        RoomClaim ann = a.join("ann").claim(); // number 2: the slow node blocks on it
        await().atMost(Recorder.WAIT).untilTrue(blocked);
        for (int i = 0; i < 30; i++) {
            ann.say("t0-" + i);
        }
        release.countDown();
        List<RecordingFeed.Delivered> got = seen.delivered(31, 1);
        assertTrue(got.get(30).text().contains("t0-29"));
        assertTrue(seen.events.isEmpty(), seen.events.toString());
    }

    @Test
    void aRedisRestartMidTrafficNeverLeavesANodeConnectedButDeaf() throws Exception {
        RedisNode nodeA = nodes.start();
        RedisNode nodeB = nodes.start();
        Follower a = new Follower(nodeA, "r");
        Follower b = new Follower(nodeB, "r");
        a.join("ann");
        RoomStore.Joined bob = b.join("bob");
        // A client on node a that says a message every 2 ms, and joins again whenever its place is lost, as a
        // reconnecting client would; while Redis is down its calls fail at once and it tries again on the next tick.
        java.util.concurrent.ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        RoomClaim[] me = new RoomClaim[1];
        pace.scheduleWithFixedDelay(() -> {
            try {
                if (me[0] == null || !me[0].isHeld()) {
                    RoomStore.Join j = nodeA.rooms().join("r", "pat", "p" + sent.get(), null, null, () -> { });
                    me[0] = j instanceof RoomStore.Joined joined ? joined.claim() : null;
                } else if (me[0].say("t9-" + sent.get()) != null) {
                    sent.incrementAndGet();
                }
            } catch (RedisUnavailableException e) {
                // Redis is down: the next tick tries again
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        assertTrue(b.feed.delivered().seq() > bob.seq());
        nodes.redis().restart(); // empty, on the same port: every room's numbering is gone
        // Node b is told, not left waiting: the numbering it followed is gone.
        Object event;
        do {
            event = b.feed.next();
        } while (event instanceof RecordingFeed.Delivered);
        assertInstanceOf(RecordingFeed.Restarted.class, event);
        assertTrue(b.subscription.isEnded());
        // What the wiring does then: close the members, whose clients rejoin; the node follows the room again.
        b.subscription.close();
        // Node b's connection comes back on its own; until it has, a join is refused at once, and the client tries again.
        Follower again = await().atMost(Recorder.WAIT).ignoreException(RedisUnavailableException.class)
                .until(() -> new Follower(nodeB, "r"), follower -> follower != null);
        RoomStore.Joined bob2 = await().atMost(Recorder.WAIT).ignoreException(RedisUnavailableException.class)
                .until(() -> again.join("bob"), joined -> joined != null);
        assertNotEquals(bob.epoch(), bob2.epoch());
        RecordingFeed.Delivered live = again.feed.delivered();
        assertEquals(bob2.seq() + 1, live.seq());
        again.feed.delivered(5, live.seq()); // and keeps receiving
        pace.shutdownNow();
        assertTrue(pace.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(sent.get() > 5, "messages said: " + sent.get());
    }

    @Test
    void aDeadNodesMembersLeaveWhenTheirLeasesExpire() {
        RedisNode doomed = nodes.start();
        RedisNode survivor = nodes.start();
        Follower s = new Follower(survivor, "r");
        s.join("bob");
        RoomStore.Joined ann = (RoomStore.Joined) doomed.rooms().join("r", "ann", "1", null, null, () -> { });
        assertEquals(ann.seq(), s.feed.delivered().seq());
        long killed = System.nanoTime();
        doomed.halt(); // no leave: as if its JVM died
        RecordingFeed.Delivered leave = s.feed.delivered();
        long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertEquals(ann.seq() + 1, leave.seq());
        assertTrue(leave.text().contains("\"event\":\"leave\",\"nick\":\"ann\""), leave.text());
        assertTrue(after < RedisNodes.LEASE.toMillis() + Recorder.WAIT.toMillis(), after + " ms");
        assertInstanceOf(RoomStore.Joined.class, survivor.rooms().join("r", "ann", "2", null, null, () -> { }));
    }

    @Test
    void aNickRaceAcrossTwoNodesHasExactlyOneWinner() throws Exception {
        RedisNode a = nodes.start();
        RedisNode b = nodes.start();
        for (int round = 0; round < 100; round++) {
            String room = "race" + round;
            CountDownLatch go = new CountDownLatch(1);
            Future<RoomStore.Join> onA = threads.submit(() -> {
                go.await();
                return a.rooms().join(room, "same", "a" + room, null, null, () -> { });
            });
            Future<RoomStore.Join> onB = threads.submit(() -> {
                go.await();
                return b.rooms().join(room, "same", "b" + room, null, null, () -> { });
            });
            go.countDown();
            RoomStore.Join x = onA.get(30, TimeUnit.SECONDS);
            RoomStore.Join y = onB.get(30, TimeUnit.SECONDS);
            long winners = List.of(x, y).stream().filter(j -> j instanceof RoomStore.Joined).count();
            long losers = List.of(x, y).stream().filter(j -> j instanceof RoomStore.NickTaken).count();
            assertEquals(1, winners, "round " + round + ": " + x + " / " + y);
            assertEquals(1, losers, "round " + round);
        }
    }

    @Test
    void redisUnreachableFailsAtOnceAndTheNodeComesBackByItself() {
        RedisNode node = nodes.start();
        Follower f = new Follower(node, "r");
        RoomClaim ann = f.join("ann").claim();
        nodes.redis().stop();
        await().atMost(Recorder.WAIT).until(() -> !node.isUp());
        long t0 = System.nanoTime();
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> ann.say("hello"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 1_000, "failed after " + ms + " ms, not at once");
        assertTrue(e.getMessage().contains("Redis at redis://127.0.0.1:" + nodes.redis().port()), e.getMessage());
        assertThrows(RedisUnavailableException.class, () -> node.rooms().join("r", "bob", "2", null, null, () -> { }));
        assertThrows(RedisUnavailableException.class, () -> node.feeds().openRoom("other", new RecordingFeed()));
        nodes.redis().restart();
        await().atMost(Recorder.WAIT).until(node::isUp);
        assertInstanceOf(RoomStore.Joined.class, node.rooms().join("r", "bob", "2", null, null, () -> { }));
    }

    @Test
    void aNodeStartedBeforeRedisConnectsWhenItComes() {
        nodes.redis().stop();
        RedisNode node = nodes.start();
        assertTrue(!node.isUp());
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                () -> node.rooms().join("r", "ann", "1", null, null, () -> { }));
        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
        nodes.redis().restart();
        await().atMost(Recorder.WAIT).until(node::isUp);
        new Follower(node, "r").join("ann");
    }
}
