package dev.wskit.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import dev.wskit.testing.Deployment;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients of every endpoint connected across a restart of a real distribution: before it, a room with some history;
 * during it, every client must read close 1012 with wskit's reason (none 1006); after it, the room's members rejoin
 * with {@code since} and miss nothing the room's history still holds. Not thread-safe: one test thread drives it.
 */
final class RestartScenario {

    /** Messages said before the restart: more than the new room will hold when bob rejoins, as in any real room. */
    static final int BEFORE = 5;
    static final Duration BACK = Duration.ofSeconds(90);

    private final ServerMessageDecoder json = new ServerMessageDecoder();
    private final List<Counted> clients = new ArrayList<>();
    private Counted alice;
    private Counted bob;
    private long aliceSeq;
    private long bobSeq;

    /** Connects an echo, an inspect, a board member, and alice and bob in room "restart"; alice says BEFORE things. */
    void connect(Deployment d) throws Exception {
        Counted echo = new Counted(d.ws("/echo"));
        echo.text("ping");
        assertEquals("ping", echo.nextText());
        Counted inspect = new Counted(d.ws("/inspect"));
        inspect.nextText();
        Counted painter = new Counted(d.ws("/boards/restart"));
        painter.nextBinary();
        alice = join(d, "alice", null);
        bob = join(d, "bob", null);
        for (int i = 1; i <= BEFORE; i++) {
            alice.text("{\"type\":\"say\",\"text\":\"before " + i + "\"}");
            bobSeq = Math.max(bobSeq, until(bob, "before " + i));
            aliceSeq = Math.max(aliceSeq, until(alice, "before " + i));
        }
        clients.addAll(List.of(echo, inspect, painter, alice, bob));
    }

    /** Every client reads close 1012 with wskit's reason: none is dropped (1006) or told 1001. */
    void assertEveryClientToldToReconnect() {
        for (Counted c : clients) {
            CloseReason r = c.closed();
            assertEquals(1012, r.getCloseCode().getCode(), c.uri + ": " + r);
            assertEquals(Connections.RESTART_REASON, r.getReasonPhrase(), c.uri.toString());
        }
    }

    /**
     * On the restarted server: alice rejoins first and says something; bob, rejoining after her with the last number
     * he saw, is shown that the room restarted (a gap) and then everything its history holds, alice's words included.
     */
    void resumeOn(Deployment d) throws Exception {
        Counted again = await("wskit back at " + d.root()).atMost(BACK).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> join(d, "alice", aliceSeq), c -> true);
        again.text("{\"type\":\"say\",\"text\":\"after restart\"}");
        until(again, "after restart");
        Counted bobAgain = join(d, "bob", bobSeq);
        List<ServerMessage> seen = new ArrayList<>();
        ServerMessage m;
        do {
            m = json.decode(bobAgain.nextText());
            seen.add(m);
        } while (!(m instanceof ServerMessage.Presence p && p.event().equals("here")));
        ServerMessage.Gap gap = assertInstanceOf(ServerMessage.Gap.class, seen.get(0), seen.toString());
        assertEquals(bobSeq, gap.since(), "the gap says where bob was");
        assertTrue(seen.stream().anyMatch(x -> x instanceof ServerMessage.Said s && s.text().equals("after restart")),
                "bob gets what the room said after the restart: " + seen);
        again.close(CloseReason.CloseCodes.NORMAL_CLOSURE, "");
        bobAgain.close(CloseReason.CloseCodes.NORMAL_CLOSURE, "");
    }

    private Counted join(Deployment d, String nick, Long since) throws Exception {
        Counted c = new Counted(d.ws("/rooms/restart"));
        c.text("{\"type\":\"join\",\"nick\":\"" + nick + "\"" + (since == null ? "" : ",\"since\":" + since) + "}");
        if (since == null) {
            c.textContaining("\"event\":\"here\"");
        }
        return c;
    }

    /** Reads until the message saying {@code text}; returns its number. */
    private long until(Counted c, String text) throws Exception {
        while (true) {
            if (json.decode(c.nextText()) instanceof ServerMessage.Said s && s.text().equals(text)) {
                return s.seq();
            }
        }
    }
}
