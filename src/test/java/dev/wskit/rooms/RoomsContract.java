package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.AttachmentEncoder;
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
import dev.wskit.testing.RawWebSocket;
import dev.wskit.testing.Recorder;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What /rooms and /boards promise, against any running wskit: subclasses say where it runs through
 * {@link #server(Map)}, which starts (or reuses) a deployment with the given settings as context parameters.
 */
public abstract class RoomsContract {

    private static final AtomicInteger ROOMS = new AtomicInteger();

    private final ServerMessageDecoder json = new ServerMessageDecoder();
    private final ClientMessageEncoder out = new ClientMessageEncoder();

    /** A deployment running with these settings (context parameters); the same map may return the same deployment. */
    protected abstract Deployment server(Map<String, String> settings);

    protected Deployment server() {
        return server(Map.of());
    }

    /** A room name no other test uses. */
    private static String room() {
        return "r" + ROOMS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    // ---- helpers ----

    private Member join(Deployment d, String path, String nick, Long since) throws Exception {
        Member m = connect(d, path);
        m.send(new ClientMessage.Join(nick, since));
        return m;
    }

    /** Joins and waits for its own join to be announced, so joins happen in the order written. */
    private Member enter(Deployment d, String path, String nick) throws Exception {
        Member m = join(d, path, nick, null);
        while (true) {
            ServerMessage.Presence p = m.until(ServerMessage.Presence.class);
            if (p.event().equals("here") && p.nick().equals(nick)) {
                return m;
            }
        }
    }

    private Member connect(Deployment d, String path) {
        Recorder r = new Recorder();
        Session s = Clients.connect(r, d.ws(path), ClientEndpointConfig.Builder.create()
                .encoders(List.of(ClientMessageEncoder.class)).build());
        return new Member(r, s);
    }

    private final class Member {
        final Recorder recorder;
        final Session session;

        Member(Recorder recorder, Session session) {
            this.recorder = recorder;
            this.session = session;
        }

        void send(ClientMessage m) throws Exception {
            session.getBasicRemote().sendObject(m);
        }

        void say(String text) throws Exception {
            send(new ClientMessage.Say(text));
        }

        ServerMessage next() throws Exception {
            return json.decode(recorder.nextText());
        }

        <T extends ServerMessage> T next(Class<T> type) throws Exception {
            return assertInstanceOf(type, next());
        }

        /** Skips to the next message of this type. */
        <T extends ServerMessage> T until(Class<T> type) throws Exception {
            while (true) {
                ServerMessage m = next();
                if (type.isInstance(m)) {
                    return type.cast(m);
                }
            }
        }

        ServerMessage.Error error(String code) throws Exception {
            ServerMessage.Error e = until(ServerMessage.Error.class);
            assertEquals(code, e.code(), e.message());
            return e;
        }

        void quit() throws Exception {
            session.close();
            recorder.awaitClose();
            recorder.assertNoErrors();
        }
    }

    private static long seqOf(ServerMessage m) {
        return m instanceof ServerMessage.Said s ? s.seq() : ((ServerMessage.Presence) m).seq();
    }

    // ---- join, say, presence ----

    @Test
    void joinAnnouncesPresenceAndSayReachesEveryMemberWithSequenceAndTime() throws Exception {
        String room = room();
        long before = System.currentTimeMillis();
        Member alice = join(server(), "/rooms/" + room, "alice", null);
        ServerMessage.Presence p1 = alice.next(ServerMessage.Presence.class);
        assertEquals(new ServerMessage.Presence(room, 1, p1.time(), "join", "alice", List.of()), p1);
        assertTrue(p1.time() >= before && p1.time() <= System.currentTimeMillis(), "server time");
        ServerMessage.Presence here = alice.next(ServerMessage.Presence.class);
        assertEquals(new ServerMessage.Presence(room, 1, p1.time(), "here", "alice", List.of("alice"), here.epoch()), here);
        assertTrue(here.epoch() != null && here.epoch().matches("[0-9a-f]{16}"), "here names the room's epoch: " + here);
        Member bob = join(server(), "/rooms/" + room, "bob", null);
        ServerMessage.Presence bobJoined = alice.next(ServerMessage.Presence.class);
        assertEquals(List.of("join", "bob", 2L), List.of(bobJoined.event(), bobJoined.nick(), bobJoined.seq()));
        assertEquals(2, bob.next(ServerMessage.Presence.class).seq());
        assertEquals(List.of("alice", "bob"), bob.next(ServerMessage.Presence.class).members(), "who is here");
        alice.say("hello \u00e9\ud83d\ude00");
        for (Member m : List.of(alice, bob)) {
            ServerMessage.Said said = m.next(ServerMessage.Said.class);
            assertEquals(new ServerMessage.Said(room, 3, said.time(), "alice", "hello \u00e9\ud83d\ude00"), said);
        }
        bob.quit();
        ServerMessage.Presence left = alice.next(ServerMessage.Presence.class);
        assertEquals("leave", left.event());
        assertEquals("bob", left.nick());
        assertEquals(4, left.seq());
        alice.quit();
    }

    // ---- history and resume ----

    @Test
    void resumeReplaysExactlyTheMissedMessagesInOrder() throws Exception {
        String room = room();
        Member alice = join(server(), "/rooms/" + room, "alice", null);
        alice.next();
        Member bob = join(server(), "/rooms/" + room, "bob", null);
        long seen = bob.next(ServerMessage.Presence.class).seq();
        alice.next();
        bob.quit();
        // The client's close can complete before the server has announced the leave (Tomcat replies to the close
        // first): wait for it, so the leave comes before the missed messages as this test expects.
        while (!alice.until(ServerMessage.Presence.class).event().equals("leave")) {
            // skip the join announcements still queued
        }
        for (int i = 1; i <= 3; i++) {
            alice.say("missed " + i);
        }
        alice.until(ServerMessage.Said.class);
        Member back = join(server(), "/rooms/" + room, "bob", seen);
        ServerMessage.History h = back.next(ServerMessage.History.class);
        assertEquals(seen, h.since());
        assertEquals(4, h.count(), "bob's leave and three messages");
        ServerMessage.Presence leave = back.next(ServerMessage.Presence.class);
        assertEquals(seen + 1, leave.seq());
        for (int i = 1; i <= 3; i++) {
            ServerMessage.Said s = back.next(ServerMessage.Said.class);
            assertEquals("missed " + i, s.text());
            assertEquals(seen + 1 + i, s.seq());
        }
        assertEquals(seen + 5, back.next(ServerMessage.Presence.class).seq(), "then live: bob's join");
        back.quit();
        alice.quit();
    }

    @Test
    void resumeBeyondHistorySizeStartsWithAnExplicitGap() throws Exception {
        Deployment d = server(Map.of("wskit.rooms.historySize", "3"));
        String room = room();
        Member alice = join(d, "/rooms/" + room, "alice", null);
        for (int i = 1; i <= 5; i++) {
            alice.say("m" + i); // seq 2..6; history keeps 4, 5, 6
        }
        skipTo(alice, "m5");
        Member late = join(d, "/rooms/" + room, "late", 1L);
        ServerMessage.Gap gap = late.next(ServerMessage.Gap.class);
        assertEquals(1, gap.since());
        assertEquals(4, gap.first());
        assertEquals(3, late.next(ServerMessage.History.class).count());
        assertEquals(List.of("m3", "m4", "m5"), List.of(late.next(ServerMessage.Said.class).text(),
                late.next(ServerMessage.Said.class).text(), late.next(ServerMessage.Said.class).text()));
        late.send(new ClientMessage.History(4));
        assertEquals(3, late.until(ServerMessage.History.class).count(), "history 5, 6, 7 after 4: no gap");
        late.quit();
        alice.quit();
    }

    private static String skipTo(Member m, String text) throws Exception {
        while (!m.until(ServerMessage.Said.class).text().equals(text)) {
            // skipping earlier messages
        }
        return text;
    }

    @Test
    void resumeBeyondHistoryBytesStartsWithAGap() throws Exception {
        Deployment d = server(Map.of("wskit.rooms.maxHistoryBytes", "400"));
        String room = room();
        Member alice = join(d, "/rooms/" + room, "alice", null);
        alice.say("a".repeat(200));
        alice.say("b".repeat(200)); // about 280 bytes of JSON each: only this one fits
        skipTo(alice, "b".repeat(200));
        Member late = join(d, "/rooms/" + room, "late", 0L);
        assertEquals(3, late.next(ServerMessage.Gap.class).first());
        assertEquals(1, late.next(ServerMessage.History.class).count());
        assertEquals("b".repeat(200), late.next(ServerMessage.Said.class).text());
        late.quit();
        alice.quit();
    }

    // ---- attachments ----

    @Test
    void attachmentsAreBroadcastAsBinaryWithSenderSequenceAndBytes() throws Exception {
        String room = room();
        Member alice = enter(server(), "/rooms/" + room, "alice");
        Member bob = enter(server(), "/rooms/" + room, "bob");
        byte[] png = new byte[100_000];
        new java.util.Random(4).nextBytes(png);
        alice.session.getBasicRemote().sendBinary(new AttachmentEncoder().encode(
                new Attachment(0, 0, "", "image/png", "cat.png", ByteBuffer.wrap(png))));
        for (Member m : List.of(alice, bob)) {
            Attachment a = new AttachmentDecoder(1 << 20).decode(ByteBuffer.wrap(m.recorder.nextBinary()));
            assertEquals("alice", a.sender());
            assertEquals("image/png", a.mediaType());
            assertEquals("cat.png", a.name());
            assertEquals(3, a.seq());
            assertTrue(a.time() > 0);
            assertArrayEquals(png, a.bytes());
        }
        bob.quit();
        alice.quit();
    }

    @Test
    void closesWithTooBigWhenAttachmentExceedsLimit() throws Exception {
        Deployment d = server(Map.of("wskit.rooms.maxAttachmentSize", "2048"));
        String room = room();
        Member alice = enter(d, "/rooms/" + room, "alice");
        Member bob = enter(d, "/rooms/" + room, "bob");
        AttachmentEncoder enc = new AttachmentEncoder();
        int header = enc.encode(new Attachment(0, 0, "", "a/b", "f", ByteBuffer.allocate(0))).remaining();
        alice.session.getBasicRemote().sendBinary(enc.encode(new Attachment(0, 0, "", "a/b", "f", ByteBuffer.allocate(2048 - header))));
        assertEquals(2048 - header, new AttachmentDecoder(4096).decode(ByteBuffer.wrap(bob.recorder.nextBinary())).bytes().length);
        alice.session.getBasicRemote().sendBinary(enc.encode(new Attachment(0, 0, "", "a/b", "f", ByteBuffer.allocate(2049 - header))));
        alice.recorder.assertClosed(1009, "wskit.rooms.maxAttachmentSize");
        ServerMessage.Presence left = bob.until(ServerMessage.Presence.class);
        assertEquals("leave", left.event());
        assertEquals("alice", left.nick());
        bob.say("still here");
        assertEquals("still here", bob.until(ServerMessage.Said.class).text());
        bob.quit();
    }

    // ---- bad input ----

    @Test
    void malformedJsonGetsAnErrorAndOthersAreUnaffected() throws Exception {
        String room = room();
        Member alice = enter(server(), "/rooms/" + room, "alice");
        Member bob = enter(server(), "/rooms/" + room, "bob");
        alice.session.getBasicRemote().sendText("{\"type\":\"say\",\"text\":");
        assertTrue(alice.error("bad-message").message().contains("malformed JSON"));
        alice.session.getBasicRemote().sendText("{\"type\":\"dance\"}");
        assertTrue(alice.error("bad-message").message().contains("unknown message type 'dance'"));
        alice.session.getBasicRemote().sendText("{\"type\":\"say\",\"text\":\"  \"}");
        alice.error("bad-message");
        alice.session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {'A', 1, 2}));
        assertTrue(alice.error("bad-message").message().contains("attachment"));
        alice.say("fine");
        assertEquals("fine", alice.until(ServerMessage.Said.class).text());
        ServerMessage.Said toBob = bob.until(ServerMessage.Said.class);
        assertEquals("fine", toBob.text());
        assertTrue(bob.recorder.texts.isEmpty(), "bob saw none of alice's errors");
        bob.quit();
        alice.quit();
    }

    @Test
    void invalidTakenOrMissingNicksGetErrors() throws Exception {
        String room = room();
        Member alice = join(server(), "/rooms/" + room, "alice", null);
        alice.next();
        Member other = connect(server(), "/rooms/" + room);
        other.say("before joining");
        other.error("not-joined");
        other.send(new ClientMessage.Join("<script>", null));
        assertTrue(other.error("bad-nick").message().contains("invalid nick"));
        other.send(new ClientMessage.Join("alice", null));
        other.error("nick-taken");
        other.send(new ClientMessage.Join("carol", null));
        other.next(ServerMessage.Presence.class);
        assertEquals(List.of("alice", "carol"), other.next(ServerMessage.Presence.class).members());
        other.send(new ClientMessage.Join("carol2", null));
        other.error("already-joined");
        other.quit();
        alice.quit();
    }

    @Test
    void invalidRoomNameIsRefusedAt400() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server().ws("/rooms/.bad%20name"), Map.of())) {
            assertEquals(400, raw.status());
            assertTrue(raw.body().contains("invalid name"), raw.body());
        }
    }

    @Test
    void closesWithTooBigWhenTextExceedsLimitInCharactersOrInUtf8Bytes() throws Exception {
        Deployment d = server(Map.of("wskit.rooms.maxTextMessageSize", "1024"));
        String room = room();
        Member alice = enter(d, "/rooms/" + room, "alice");
        Member carol = enter(d, "/rooms/" + room, "carol");
        Member bob = enter(d, "/rooms/" + room, "bob");
        String prefix = "{\"type\":\"say\",\"text\":\"";
        alice.session.getBasicRemote().sendText(prefix + "x".repeat(1024 - prefix.length() - 2) + "\"}");
        assertEquals(1024 - prefix.length() - 2, bob.until(ServerMessage.Said.class).text().length());

        // One byte over: the container reads JSON messages whole within the bound and closes with its own reason.
        alice.session.getBasicRemote().sendText(prefix + "x".repeat(1025 - prefix.length() - 2) + "\"}");
        assertTrue(alice.recorder.awaitClose().getReasonPhrase().length() > 0, "a reason");
        alice.recorder.assertClosed(1009, "");
        // 342 euro signs: 1,026 UTF-8 bytes of text in 342 characters. Tomcat counts its buffer in characters and lets
        // the message through; wskit counts bytes and closes naming the setting. Jetty counts bytes itself.
        carol.session.getBasicRemote().sendText(prefix + "\u20ac".repeat(342) + "\"}");
        CloseReason close = carol.recorder.awaitClose();
        assertEquals(1009, close.getCloseCode().getCode(), close.getReasonPhrase());
        assertTrue(close.getReasonPhrase().contains("wskit.rooms.maxTextMessageSize")
                || close.getReasonPhrase().contains("too large"), close.getReasonPhrase());

        int left = 0;
        while (left < 2) {
            ServerMessage m = bob.next();
            assertFalse(m instanceof ServerMessage.Said, "an oversize message must not go out: " + m);
            left += m instanceof ServerMessage.Presence p && p.event().equals("leave") ? 1 : 0;
        }
        bob.say("still here");
        assertEquals("still here", bob.until(ServerMessage.Said.class).text());
        bob.quit();
    }

    // ---- limits ----

    @Test
    void closesWithPolicyViolationPastMaxMembers() throws Exception {
        Deployment d = server(Map.of("wskit.rooms.maxMembers", "2"));
        String room = room();
        Member a = enter(d, "/rooms/" + room, "a");
        Member b = enter(d, "/rooms/" + room, "b");
        Member c = join(d, "/rooms/" + room, "c", null);
        c.recorder.assertClosed(1008, "wskit.rooms.maxMembers");
        a.say("ok");
        assertEquals("ok", b.until(ServerMessage.Said.class).text());
        a.quit();
        b.quit();
    }

    @Test
    void closesWithPolicyViolationPastMaxRooms() throws Exception {
        Deployment d = server(Map.of("wskit.rooms.maxRooms", "2"));
        Member a = join(d, "/rooms/" + room(), "a", null);
        Member b = join(d, "/rooms/" + room(), "b", null);
        a.next();
        b.next();
        Member c = join(d, "/rooms/" + room(), "c", null);
        c.recorder.assertClosed(1008, "wskit.rooms.maxRooms");
        a.quit();
        b.quit();
    }

    @Test
    void aMemberThatStopsReadingIsClosedWith1008PastQueuedMessagesWhileOthersReceiveEverything() throws Exception {
        slowMemberIsClosed(Map.of("wskit.rooms.maxQueuedMessages", "20"), "20 messages");
    }

    @Test
    void aMemberThatStopsReadingIsClosedWith1008PastQueuedBytes() throws Exception {
        slowMemberIsClosed(Map.of("wskit.rooms.maxQueuedBytes", "65536"), "65536 bytes");
    }

    private void slowMemberIsClosed(Map<String, String> settings, String reason) throws Exception {
        Deployment d = server(settings);
        String room = room();
        Member publisher = enter(d, "/rooms/" + room, "pub");
        Member reader = enter(d, "/rooms/" + room, "reader");
        int count = 1500;
        String body = "y".repeat(12_000);
        try (RawWebSocket slow = RawWebSocket.connect(d.ws("/rooms/" + room), Map.of())) {
            assertEquals(101, slow.status());
            slow.sendText("{\"type\":\"join\",\"nick\":\"slow\"}");
            assertEquals("slow", reader.until(ServerMessage.Presence.class).nick());
            // Paced by the healthy reader, so only the member that stopped reading falls behind.
            boolean sawLeave = false;
            RawWebSocket.Frame close = null;
            int leftAt = -1;
            for (int i = 0; i < count && (leftAt < 0 || i < leftAt + 50); i++) {
                publisher.say(i + ":" + body);
                while (true) {
                    ServerMessage m = reader.next();
                    if (m instanceof ServerMessage.Said s) {
                        assertEquals(i, Integer.parseInt(s.text().substring(0, s.text().indexOf(':'))), "in order, none lost");
                        break;
                    }
                    if (m instanceof ServerMessage.Presence p && p.event().equals("leave") && p.nick().equals("slow")) {
                        sawLeave = true;
                        leftAt = i;
                        // It resumes reading now: what was in flight drains, then the close frame comes. (A peer
                        // that never reads again cannot get one; Tomcat then drops the connection after its
                        // blocking-send timeout.)
                        close = slow.readUntilClose();
                    }
                }
            }
            assertTrue(sawLeave, "the others are told the slow member left");
            assertEquals(1008, close.closeCode(), close.closeReason());
            assertTrue(close.closeReason().contains(reason), close.closeReason());
        }
        reader.recorder.assertNoErrors();
        publisher.quit();
        reader.quit();
    }

    @Test
    void aMemberWhoseSendStallsPastTheSendTimeoutIsDroppedWhileOthersReceiveEverything() throws Exception {
        // Queue bounds (1000 messages, 16 MiB) above what is sent, and the idle timeout far away: only the send
        // timeout can drop the member that stops reading.
        Deployment d = server(Map.of("wskit.sendTimeout", "1000"));
        String room = room();
        Member publisher = enter(d, "/rooms/" + room, "pub");
        Member reader = enter(d, "/rooms/" + room, "reader");
        AttachmentEncoder enc = new AttachmentEncoder();
        byte[] content = new byte[512 * 1024];
        try (RawWebSocket stuck = RawWebSocket.connect(d.ws("/rooms/" + room), Map.of())) {
            assertEquals(101, stuck.status());
            stuck.sendText("{\"type\":\"join\",\"nick\":\"stuck\"}");
            assertEquals("stuck", reader.until(ServerMessage.Presence.class).nick());
            // 12 MiB: far more than the socket buffers between the server and a client that does not read.
            long lastSeq = 0;
            for (int i = 0; i < 24; i++) {
                content[0] = (byte) i;
                publisher.session.getBasicRemote().sendBinary(enc.encode(
                        new Attachment(0, 0, "", "application/octet-stream", "part" + i, ByteBuffer.wrap(content))));
                Attachment got = new AttachmentDecoder(1 << 20).decode(ByteBuffer.wrap(reader.recorder.nextBinary()));
                assertEquals("part" + i, got.name(), "in order, none lost");
                assertEquals(i, got.bytes()[0]);
                assertTrue(got.seq() > lastSeq);
                lastSeq = got.seq();
            }
            ServerMessage.Presence left = reader.until(ServerMessage.Presence.class);
            assertEquals("leave", left.event());
            assertEquals("stuck", left.nick());
            try {
                // Both containers drop the connection when a send times out: a peer that does not read cannot be
                // sent a close frame. Should one arrive anyway, it must say why.
                RawWebSocket.Frame close = stuck.readUntilClose();
                assertEquals(1008, close.closeCode(), close.closeReason());
                assertTrue(close.closeReason().contains("wskit.sendTimeout"), close.closeReason());
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the server kept the stuck connection open", e);
            } catch (java.io.IOException dropped) {
                // EOF or reset: dropped, as expected
            }
        }
        reader.say("still here");
        assertEquals("still here", reader.until(ServerMessage.Said.class).text());
        reader.recorder.assertNoErrors();
        publisher.quit();
        reader.quit();
    }

    @Test
    void everyMemberSeesEachPublishersMessagesInOrderUnderConcurrentLoad() throws Exception {
        String room = room();
        int publishers = 5;
        int listeners = 3;
        int each = 200;
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < publishers + listeners; i++) {
            members.add(join(server(), "/rooms/" + room, "p" + i, null));
        }
        for (Member m : members) {
            java.util.Set<String> present = new java.util.HashSet<>();
            while (present.size() < publishers + listeners) {
                ServerMessage.Presence p = m.until(ServerMessage.Presence.class);
                present.addAll(p.members());
                present.add(p.nick());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            Member m = members.get(p);
            done.add(pool.submit(() -> {
                go.await();
                for (int n = 0; n < each; n++) {
                    m.say(Integer.toString(n));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        for (Member m : members) {
            int[] next = new int[publishers];
            long last = 0;
            for (int i = 0; i < publishers * each; i++) {
                ServerMessage.Said s = m.next(ServerMessage.Said.class);
                assertTrue(s.seq() > last, "one increasing sequence");
                last = s.seq();
                int p = Integer.parseInt(s.nick().substring(1));
                assertEquals(next[p]++, Integer.parseInt(s.text()), "order of publisher " + p);
            }
            m.recorder.assertNoErrors();
        }
        for (Member m : members) {
            m.session.close();
        }
    }

    // ---- origin ----

    @Test
    void foreignOriginIsRefusedWith403WhileSameOriginAndEchoAreAccepted() throws Exception {
        Deployment d = server();
        String path = "/rooms/" + room();
        try (RawWebSocket evil = RawWebSocket.connect(d.ws(path), Map.of("Origin", "http://evil.example"))) {
            assertEquals(403, evil.status());
            assertTrue(evil.body().contains("origin http://evil.example"), evil.body());
        }
        try (RawWebSocket board = RawWebSocket.connect(d.ws("/boards/b"), Map.of("Origin", "http://evil.example"))) {
            assertEquals(403, board.status());
        }
        String self = "http://" + d.ws(path).getHost() + ":" + d.ws(path).getPort();
        try (RawWebSocket same = RawWebSocket.connect(d.ws(path), Map.of("Origin", self))) {
            assertEquals(101, same.status());
        }
        try (RawWebSocket echo = RawWebSocket.connect(d.ws("/echo"), Map.of("Origin", "http://evil.example"))) {
            assertEquals(101, echo.status());
        }
    }

    @Test
    void allowlistedOriginIsAccepted() throws Exception {
        Deployment d = server(Map.of("wskit.rooms.allowedOrigins", "https://app.example, http://localhost:3000"));
        try (RawWebSocket ok = RawWebSocket.connect(d.ws("/rooms/" + room()), Map.of("Origin", "http://localhost:3000"))) {
            assertEquals(101, ok.status());
        }
        try (RawWebSocket no = RawWebSocket.connect(d.ws("/rooms/" + room()), Map.of("Origin", "https://other.example"))) {
            assertEquals(403, no.status());
        }
    }

    // ---- boards ----

    @Test
    void aLateJoinerReceivesTheBoardFirstThenLiveStrokes() throws Exception {
        String board = "/boards/" + room();
        StrokesEncoder enc = new StrokesEncoder();
        StrokesDecoder dec = new StrokesDecoder(1 << 20);
        Member alice = connect(server(), board);
        assertEquals(Strokes.of(new Stroke(Stroke.Kind.CLEAR, 0, 0, 0, new int[0])), dec.decode(ByteBuffer.wrap(alice.recorder.nextBinary())));
        alice.session.getBasicRemote().sendBinary(enc.encode(Strokes.of(Stroke.line(0xFF0000FF, 4, 10, 10, 200, 300))));
        assertEquals(1, dec.decode(ByteBuffer.wrap(alice.recorder.nextBinary())).strokes().get(0).seq());
        Member bob = connect(server(), board);
        Strokes state = dec.decode(ByteBuffer.wrap(bob.recorder.nextBinary()));
        assertEquals(List.of(new Stroke(Stroke.Kind.CLEAR, 1, 0, 0, new int[0]),
                Stroke.line(0xFF0000FF, 4, 10, 10, 200, 300).numbered(1)), state.strokes());
        bob.session.getBasicRemote().sendBinary(enc.encode(Strokes.of(Stroke.line(0x00FF00FF, 2, 5, 5))));
        assertEquals(Strokes.of(Stroke.line(0x00FF00FF, 2, 5, 5).numbered(2)), dec.decode(ByteBuffer.wrap(alice.recorder.nextBinary())));
        assertEquals(Strokes.of(Stroke.line(0x00FF00FF, 2, 5, 5).numbered(2)), dec.decode(ByteBuffer.wrap(bob.recorder.nextBinary())));
        bob.quit();
        alice.quit();
    }

    @Test
    void boardsRefuseTextWith1003AndMalformedStrokesWithAnError() throws Exception {
        String board = "/boards/" + room();
        Member alice = connect(server(), board);
        alice.recorder.nextBinary();
        alice.session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {'Q', 0, 0, 0, 0}));
        assertTrue(alice.error("bad-message").message().contains("unknown record tag"));
        alice.session.getBasicRemote().sendText("hello");
        alice.recorder.assertClosed(1003, "binary stroke messages only");
    }

    @Test
    void boardsCloseWithTooBigPastMaxMessageSizeAndRefuseStrokesPastMaxBoardSize() throws Exception {
        Deployment d = server(Map.of("wskit.boards.maxMessageSize", "1024", "wskit.boards.maxBoardSize", "2048"));
        String board = "/boards/" + room();
        StrokesEncoder enc = new StrokesEncoder();
        Member alice = connect(d, board);
        alice.recorder.nextBinary();
        alice.session.getBasicRemote().sendBinary(enc.encode(Strokes.of(Stroke.line(1, 1, new int[2 * 253])))); // 1024 bytes
        alice.recorder.nextBinary();
        alice.session.getBasicRemote().sendBinary(enc.encode(Strokes.of(Stroke.line(1, 1, new int[2 * 253])))); // 2048 kept
        alice.recorder.nextBinary();
        alice.session.getBasicRemote().sendBinary(enc.encode(Strokes.of(Stroke.line(1, 1, 0, 0))));
        assertTrue(alice.error("board-full").message().contains("wskit.boards.maxBoardSize"));
        alice.session.getBasicRemote().sendBinary(enc.encode(Strokes.of(Stroke.line(1, 1, new int[2 * 254])))); // 1028 bytes
        alice.recorder.assertClosed(1009, "wskit.boards.maxMessageSize");
    }
}
