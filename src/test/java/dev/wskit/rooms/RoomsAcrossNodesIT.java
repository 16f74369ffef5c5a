package dev.wskit.rooms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ClientMessageEncoder;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import dev.wskit.codec.Stroke;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesDecoder;
import dev.wskit.codec.StrokesEncoder;
import dev.wskit.testing.Clients;
import dev.wskit.testing.Deployment;
import dev.wskit.testing.Distributions;
import dev.wskit.testing.ExternalServer;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.RedisServer;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rooms and boards across three wskit nodes on one Redis: two embedded Jetty nodes in this JVM (each web application
 * has its own class loader, runtime and Redis connections) and the real Tomcat 11 distribution in a child process,
 * given its settings as {@code CATALINA_OPTS=-Dwskit...} would ({@link Distributions#tomcat}; Tomcat cannot share a JVM
 * with Jetty). Members check every number they receive ({@link Chatter}). Short leases, so expiry is quick.
 *
 * <p>The nodes and Redis are shared by the class; each test uses its own rooms. Tests that stop Redis or a node run
 * last, in order: after Redis comes back the nodes reconnect by themselves, and the last test kills Tomcat.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomsAcrossNodesIT {

    static final long LEASE = 2_000;
    static final long RENEW = 200;
    static final long COMMAND_TIMEOUT = 1_000;

    private static RedisServer redis;
    private static WskitServer jettyA;
    private static WskitServer jettyB;
    private static ExternalServer tomcat;
    private static ScheduledExecutorService timer;
    /** When node A was last seen connected again after an outage (System.nanoTime), 0 if never. */
    private static long jettyABackAt;

    private final List<Chatter> chatters = new ArrayList<>();
    private final ServerMessageDecoder json = new ServerMessageDecoder();

    static Map<String, String> settings() {
        return Map.of("wskit.backplane", redis.uri(), "wskit.redis.leaseTime", Long.toString(LEASE),
                "wskit.redis.leaseRenewInterval", Long.toString(RENEW),
                "wskit.redis.commandTimeout", Long.toString(COMMAND_TIMEOUT));
    }

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        timer = Executors.newScheduledThreadPool(4);
        jettyA = WskitServer.start(settings());
        jettyB = WskitServer.start(settings());
        tomcat = Distributions.tomcat("tomcat-redis", Distributions.TOMCAT_SERVER_XML,
                settings().entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList());
    }

    @AfterEach
    void quit() {
        chatters.forEach(Chatter::quit);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.close();
            }
            if (jettyA != null) {
                jettyA.close();
            }
            if (jettyB != null) {
                jettyB.close();
            }
        } finally {
            if (timer != null) {
                timer.shutdownNow();
            }
            if (redis != null) {
                redis.close();
            }
        }
    }

    private Chatter chatter(Deployment node, String room, String nick) {
        Chatter c = new Chatter(node, room, nick, timer);
        chatters.add(c);
        return c;
    }

    private static List<Deployment> nodes() {
        return List.of(jettyA, jettyB, tomcat);
    }

    private static void assertClean(List<Chatter> cs) {
        for (Chatter c : cs) {
            assertEquals(List.of(), c.violations(), c + ": every number once, in order, or a gap first");
        }
    }

    @Test
    @Order(1)
    void membersSpreadOverThreeNodesSeeOneOrderAndAgreeOnWhoIsHere() throws Exception {
        List<Chatter> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(chatter(nodes().get(i % 3), "order", "m" + i).enter());
        }
        int each = 60;
        List<Thread> publishers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<String> failed = new AtomicReference<>();
        for (int p = 0; p < 3; p++) {
            Chatter c = members.get(p);
            int publisher = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < each; n++) {
                    if (!c.say("p" + publisher + "-" + n)) {
                        failed.compareAndSet(null, c + " could not say message " + n);
                    }
                }
            });
            t.start();
            publishers.add(t);
        }
        go.countDown();
        for (Thread t : publishers) {
            t.join();
        }
        assertEquals(null, failed.get());
        for (Chatter c : members) {
            await(c + " heard everything").atMost(Duration.ofSeconds(30)).until(() -> c.said().size() == 3 * each);
        }
        List<String> order = members.get(0).said();
        for (Chatter c : members) {
            assertEquals(order, c.said(), c + " hears what the others hear, in the same order");
        }
        for (int p = 0; p < 3; p++) {
            int publisher = p;
            List<String> own = order.stream().filter(s -> s.startsWith("m" + publisher + ":")).toList();
            for (int n = 0; n < each; n++) {
                assertEquals("m" + p + ":p" + p + "-" + n, own.get(n), "publisher " + p + " keeps its order");
            }
        }
        List<String> everyone = List.of("m0", "m1", "m2", "m3", "m4", "m5");
        for (Chatter c : members) {
            assertEquals(everyone, c.members(), c + ": who is here, in joining order, on every node");
        }
        Chatter late = chatter(tomcat, "order", "late").enter();
        List<String> withLate = new ArrayList<>(everyone);
        withLate.add("late");
        assertEquals(withLate, late.members(), "a joiner's here lists members on every node");
        for (Chatter c : members) {
            await(c + " sees the late joiner").atMost(Duration.ofSeconds(10)).until(() -> c.members().equals(withLate));
        }
        assertClean(members);
    }

    @Test
    @Order(2)
    void aNickRaceAcrossNodesHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < 3; round++) {
            String room = "race" + round;
            List<Recorder> racers = new ArrayList<>();
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Recorder r = new Recorder();
                racers.add(r);
                sessions.add(Clients.connect(r, nodes().get(i % 3).ws("/rooms/" + room),
                        ClientEndpointConfig.Builder.create().encoders(List.of(ClientMessageEncoder.class)).build()));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (Session s : sessions) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        s.getBasicRemote().sendObject(new ClientMessage.Join("racer", null));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            int winners = 0;
            for (Recorder r : racers) {
                ServerMessage first = json.decode(r.nextText());
                if (first instanceof ServerMessage.Presence p) {
                    assertEquals(List.of("join", "racer"), List.of(p.event(), p.nick()));
                    ServerMessage.Presence here = assertInstanceOf(ServerMessage.Presence.class, json.decode(r.nextText()));
                    assertEquals(List.of("racer"), here.members());
                    winners++;
                } else {
                    assertEquals("nick-taken", assertInstanceOf(ServerMessage.Error.class, first).code());
                }
            }
            assertEquals(1, winners, "exactly one of 12 racers on three nodes gets the nick");
            for (Session s : sessions) {
                s.close();
            }
        }
    }

    @Test
    @Order(3)
    void aBoardDrawnOnFromTwoNodesIsOneBoardEverywhere() throws Exception {
        StrokesEncoder enc = new StrokesEncoder();
        StrokesDecoder dec = new StrokesDecoder(1 << 20);
        Recorder alice = new Recorder();
        Recorder tom = new Recorder();
        Session a = Clients.connect(alice, jettyA.ws("/boards/sketch"));
        Session t = Clients.connect(tom, tomcat.ws("/boards/sketch"));
        Stroke clear = new Stroke(Stroke.Kind.CLEAR, 0, 0, 0, new int[0]);
        assertEquals(Strokes.of(clear), dec.decode(ByteBuffer.wrap(alice.nextBinary())));
        assertEquals(Strokes.of(clear), dec.decode(ByteBuffer.wrap(tom.nextBinary())));
        int each = 20;
        List<Thread> drawers = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            Session s = d == 0 ? a : t;
            int colour = d == 0 ? 0xFF0000FF : 0x0000FFFF;
            Thread th = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    try {
                        s.getBasicRemote().sendBinary(enc.encode(Strokes.of(Stroke.line(colour, 2, i, i, i + 1, i + 1))));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            th.start();
            drawers.add(th);
        }
        for (Thread th : drawers) {
            th.join();
        }
        List<Stroke> seenByAlice = new ArrayList<>();
        List<Stroke> seenByTom = new ArrayList<>();
        for (int i = 0; i < 2 * each; i++) {
            seenByAlice.addAll(dec.decode(ByteBuffer.wrap(alice.nextBinary())).strokes());
            seenByTom.addAll(dec.decode(ByteBuffer.wrap(tom.nextBinary())).strokes());
        }
        assertEquals(seenByAlice, seenByTom, "one board: the same strokes in the same order on both nodes");
        for (int i = 0; i < seenByAlice.size(); i++) {
            assertEquals(i + 1, seenByAlice.get(i).seq(), "numbered by the board, one after another");
        }
        Recorder late = new Recorder();
        Session b = Clients.connect(late, jettyB.ws("/boards/sketch"));
        List<Stroke> snapshot = dec.decode(ByteBuffer.wrap(late.nextBinary())).strokes();
        assertEquals(new Stroke(Stroke.Kind.CLEAR, 2 * each, 0, 0, new int[0]), snapshot.get(0));
        assertEquals(seenByAlice, snapshot.subList(1, snapshot.size()), "a late joiner on a third node gets the board");
        for (Session s : List.of(a, t, b)) {
            s.close();
        }
    }

    @Test
    @Order(4)
    void aMemberResumesOnAnotherNodeAfterItsNodeStopsWithoutLoss() throws Exception {
        WskitServer jettyC = WskitServer.start(settings());
        Chatter anchor = chatter(jettyA, "resume", "anchor").enter();
        Chatter mover = chatter(jettyC, "resume", "mover").enter();
        anchor.say("before");
        mover.awaitMessage("hears 'before'", m -> m instanceof ServerMessage.Said s && s.text().equals("before"));
        jettyC.close();
        mover.awaitClose(c -> true);
        anchor.awaitMessage("hears mover leave", m -> m instanceof ServerMessage.Presence p && p.event().equals("leave")
                && p.nick().equals("mover"));
        for (int i = 1; i <= 5; i++) {
            anchor.say("while " + i);
        }
        anchor.awaitMessage("hears its last", m -> m instanceof ServerMessage.Said s && s.text().equals("while 5"));
        mover.moveTo(jettyB);
        mover.join().awaitPresent();
        assertEquals(List.of("anchor:before", "anchor:while 1", "anchor:while 2", "anchor:while 3", "anchor:while 4",
                "anchor:while 5"), mover.said(), "exactly what it missed, once, in order");
        List<ServerMessage> got = mover.messages();
        assertTrue(got.stream().noneMatch(m -> m instanceof ServerMessage.Gap), "nothing lost: no gap");
        ServerMessage.History history = (ServerMessage.History) got.stream()
                .filter(m -> m instanceof ServerMessage.History).findFirst().orElseThrow();
        assertEquals(6, history.count(), "its own leave and five messages");
        assertClean(List.of(anchor, mover));
    }

    @Test
    @Order(5)
    void aRedisRestartMidTrafficEndsWithEveryNodeDeliveringAndEveryMemberCompleteOrToldOfAGap() throws Exception {
        List<Chatter> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(chatter(nodes().get(i % 3), "restart", "r" + i).resuming().enter());
        }
        String before = members.get(0).epoch();
        List<ScheduledFuture<?>> publishers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            Chatter c = members.get(p);
            AtomicInteger n = new AtomicInteger();
            // 50 messages a second each, while connected; a say the room did not take is said again.
            publishers.add(timer.scheduleAtFixedRate(() -> {
                if (c.say("n" + n.get())) {
                    n.incrementAndGet();
                }
            }, 0, 20, TimeUnit.MILLISECONDS));
        }
        for (Chatter c : members) {
            await(c + " hears traffic").atMost(Duration.ofSeconds(30)).until(() -> c.said().size() >= 10);
        }
        redis.restart(); // empty: the rooms' numbering is gone
        for (Chatter c : members) {
            await(c + " back in the new numbering").atMost(Duration.ofSeconds(60))
                    .until(() -> c.isPresent() && c.visits() >= 2 && !before.equals(c.epoch()));
        }
        publishers.forEach(f -> f.cancel(false));
        for (int p = 0; p < 3; p++) {
            Chatter c = members.get(p);
            String marker = "end of " + c.nick();
            c.sayUntilHeard(marker);
        }
        for (Chatter c : members) {
            for (int p = 0; p < 3; p++) {
                String marker = "end of r" + p;
                c.awaitMessage("hears " + marker + ": every node delivers again",
                        m -> m instanceof ServerMessage.Said s && s.text().equals(marker));
            }
            assertTrue(c.messages().stream().anyMatch(m -> m instanceof ServerMessage.Gap g && g.restarted()),
                    c + " was told the room restarted");
        }
        assertClean(members);
    }

    @Test
    @Order(6)
    void redisDownIsVisibleAndTheNodesRecoverByThemselves() throws Exception {
        Chatter watcher = chatter(jettyA, "outage", "watcher").enter();
        Chatter tom = chatter(tomcat, "outage", "tom").enter();
        watcher.say("before the outage");
        tom.awaitMessage("hears it", m -> m instanceof ServerMessage.Said s && s.text().equals("before the outage"));
        String epoch = watcher.epoch();
        redis.stop();
        for (Chatter c : List.of(watcher, tom)) {
            CloseReason why = c.awaitClose(r -> true);
            assertEquals(1011, why.getCloseCode().getCode(), why.getReasonPhrase());
            assertTrue(why.getReasonPhrase().contains("Redis"), why.getReasonPhrase());
        }
        Recorder refused = new Recorder();
        Session s = Clients.connect(refused, jettyB.ws("/rooms/outage"),
                ClientEndpointConfig.Builder.create().encoders(List.of(ClientMessageEncoder.class)).build());
        s.getBasicRemote().sendObject(new ClientMessage.Join("newcomer", null));
        refused.assertClosed(1011, "Redis backplane is unreachable");

        redis.restart();
        // Refused (1011) until its node has reconnected by itself; the chatter retries as a client would.
        Chatter back = chatter(jettyB, "outage", "back").resuming().join();
        back.awaitPresent();
        watcher.resuming().join().awaitPresent();
        jettyABackAt = System.nanoTime();
        ServerMessage.Gap gap = (ServerMessage.Gap) watcher.awaitMessage("told of the lost numbering",
                m -> m instanceof ServerMessage.Gap);
        assertTrue(gap.restarted(), "Redis lost the room: the resume says so");
        assertNotEquals(epoch, gap.epoch());
        watcher.say("after the outage");
        back.awaitMessage("hears it across nodes", m -> m instanceof ServerMessage.Said x
                && x.text().equals("after the outage"));
        assertClean(List.of(watcher, back));
    }

    @Test
    @Order(7)
    void aKilledNodesMembersLeaveWithinTheLease() {
        Chatter observer = chatter(jettyA, "killed", "observer").enter();
        // Resuming: Tomcat may still be reconnecting after the outage before, and refuses (1011) until it has.
        Chatter victim = chatter(tomcat, "killed", "victim").resuming().enter();
        observer.awaitMessage("sees the victim", m -> m instanceof ServerMessage.Presence p && p.nick().equals("victim"));
        long killed = System.nanoTime();
        tomcat.kill();
        tomcat = null;
        observer.awaitMessage("sees the victim leave", m -> m instanceof ServerMessage.Presence p
                && p.event().equals("leave") && p.nick().equals("victim"));
        long millis = (System.nanoTime() - killed) / 1_000_000;
        victim.quit(); // it was retrying the dead node
        // Its lease was renewed at most one interval before the kill and lasts LEASE; the observer's node reaps at
        // its next renewal, once it has been connected for a whole lease itself (it reconnected after the outage).
        long reapsFrom = Math.max(0, (jettyABackAt + LEASE * 1_000_000 - killed) / 1_000_000);
        long bound = Math.max(LEASE, reapsFrom) + 2 * RENEW + 3_000; // slack for a loaded machine
        assertTrue(millis < bound, "left after " + millis + " ms; lease " + LEASE + " ms, bound " + bound + " ms");
        Chatter again = chatter(jettyB, "killed", "victim").enter();
        assertEquals(List.of("observer", "victim"), again.members(), "its nick is free again");
    }

    /** The settings each node runs with, for a failure message. */
    @Override
    public String toString() {
        return "RoomsAcrossNodesIT" + new HashMap<>(settings());
    }
}
