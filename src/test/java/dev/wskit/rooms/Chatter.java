package dev.wskit.rooms;

import static org.awaitility.Awaitility.await;

import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ClientMessageEncoder;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import dev.wskit.testing.Clients;
import dev.wskit.testing.Deployment;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A room member for tests across nodes: it joins on a node, takes every message as it arrives (on the client's
 * threads, so a publisher never waits for a test thread to read), and checks the protocol's promise as it goes: the
 * room's numbers reach it one after another, each once, and any jump is announced by a {@code gap} first. With
 * {@link #resuming} it rejoins after a close the README tells clients to retry (1001, 1006, 1011, 1012; or a refused
 * rejoin while its old nick is still held) with {@code since} and its epoch, on the node {@link #moveTo} names, as the
 * CLI does: so "complete, or told of a gap" is exactly {@link #violations()} being empty.
 *
 * <p>Thread-safe: state is guarded by this object's monitor; sends happen outside it.
 */
final class Chatter {

    private static final Set<Integer> RETRY = Set.of(1001, 1006, 1011, 1012);

    private final String room;
    private final String nick;
    private final ScheduledExecutorService timer;
    private final ServerMessageDecoder json = new ServerMessageDecoder();

    // Guarded by this.
    private Deployment node;
    private Session session;
    private boolean resuming;
    private boolean stopped;
    private boolean present;
    private boolean retryJoin;
    private int visits;
    private long backoffMillis = 50;
    private String epoch;
    private long last = -1;
    private final List<String> members = new ArrayList<>();
    private final List<ServerMessage> messages = new ArrayList<>();
    private final List<CloseReason> closes = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    Chatter(Deployment node, String room, String nick, ScheduledExecutorService timer) {
        this.node = node;
        this.room = room;
        this.nick = nick;
        this.timer = timer;
    }

    String nick() {
        return nick;
    }

    /** Rejoins by itself after a retryable close from now on. */
    synchronized Chatter resuming() {
        resuming = true;
        return this;
    }

    /** Where the next (re)connection goes. */
    synchronized void moveTo(Deployment other) {
        node = other;
    }

    /** Connects and joins (with {@code since} and the epoch after an earlier visit). */
    Chatter join() {
        Deployment target;
        Long since;
        String ep;
        synchronized (this) {
            if (stopped) {
                return this;
            }
            target = node;
            since = visits > 0 ? last : null;
            ep = visits > 0 ? epoch : null;
        }
        Connection c = new Connection();
        try {
            Session s = Clients.container().connectToServer(c, ClientEndpointConfig.Builder.create()
                    .encoders(List.of(ClientMessageEncoder.class)).build(), target.ws("/rooms/" + room));
            synchronized (this) {
                session = s;
            }
            s.getBasicRemote().sendObject(new ClientMessage.Join(nick, since, ep));
        } catch (Exception e) {
            synchronized (this) {
                closes.add(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "connect failed: " + e));
                if (resuming && !stopped) {
                    retryLater();
                }
            }
        }
        return this;
    }

    /** Joins and waits for its {@code here}. */
    Chatter enter() {
        join();
        awaitPresent();
        return this;
    }

    void awaitPresent() {
        await(nick + " present").atMost(Duration.ofSeconds(30)).until(this::isPresent);
    }

    synchronized boolean isPresent() {
        return present;
    }

    /** Says {@code text} if joined now; false when it is between connections. */
    boolean say(String text) {
        Session s;
        synchronized (this) {
            if (!present) {
                return false;
            }
            s = session;
        }
        try {
            s.getBasicRemote().sendObject(new ClientMessage.Say(text));
            return true;
        } catch (Exception e) {
            return false; // closing: its close brings the rejoin
        }
    }

    /**
     * Says {@code text} until it hears it back, as a user would: a say sent while the node was closing this
     * connection (Redis did not take it) is lost with a close, and the rejoined member says it again.
     */
    void sayUntilHeard(String text) {
        String mine = nick + ":" + text;
        await(nick + " hears its own '" + text + "'").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    if (said().contains(mine)) {
                        return true;
                    }
                    say(text);
                    return false;
                });
    }

    /** Sends raw text (tests of bad input). */
    void send(ClientMessage m) throws Exception {
        Session s;
        synchronized (this) {
            s = session;
        }
        s.getBasicRemote().sendObject(m);
    }

    /** Leaves for good (1000). */
    void quit() {
        Session s;
        synchronized (this) {
            stopped = true;
            s = session;
        }
        if (s != null && s.isOpen()) {
            try {
                s.close();
            } catch (Exception e) {
                // already closing
            }
        }
    }

    synchronized List<ServerMessage> messages() {
        return new ArrayList<>(messages);
    }

    synchronized List<String> violations() {
        return new ArrayList<>(violations);
    }

    synchronized List<CloseReason> closes() {
        return new ArrayList<>(closes);
    }

    synchronized List<String> members() {
        return new ArrayList<>(members);
    }

    synchronized String epoch() {
        return epoch;
    }

    synchronized int visits() {
        return visits;
    }

    /** The texts said in the room it heard, in order, across its connections. */
    synchronized List<String> said() {
        List<String> out = new ArrayList<>();
        for (ServerMessage m : messages) {
            if (m instanceof ServerMessage.Said s) {
                out.add(s.nick() + ":" + s.text());
            }
        }
        return out;
    }

    /** Waits until a message it heard matches. */
    ServerMessage awaitMessage(String what, Predicate<ServerMessage> which) {
        return await(nick + ": " + what).atMost(Duration.ofSeconds(30)).until(() -> {
            synchronized (this) {
                for (ServerMessage m : messages) {
                    if (which.test(m)) {
                        return m;
                    }
                }
                return null;
            }
        }, java.util.Objects::nonNull);
    }

    /** Waits for a close from the server. */
    CloseReason awaitClose(Predicate<CloseReason> which) {
        return await(nick + " closed").atMost(Duration.ofSeconds(30)).until(() -> {
            synchronized (this) {
                return closes.stream().filter(which).findFirst().orElse(null);
            }
        }, java.util.Objects::nonNull);
    }

    private void received(Connection c, String text) {
        ServerMessage m;
        try {
            m = json.decode(text);
        } catch (Exception e) {
            synchronized (this) {
                violations.add("undecodable: " + text);
            }
            return;
        }
        Session retry = null;
        synchronized (this) {
            if (c.session != session) {
                return;
            }
            messages.add(m);
            if (m instanceof ServerMessage.Said s) {
                numbered(s.seq(), m);
            } else if (m instanceof ServerMessage.Presence p) {
                if (p.event().equals("here")) {
                    present = true;
                    visits++;
                    backoffMillis = 50;
                    epoch = p.epoch();
                    members.clear();
                    members.addAll(p.members());
                } else {
                    numbered(p.seq(), m);
                    if (p.event().equals("join") && !members.contains(p.nick())) {
                        members.add(p.nick());
                    } else if (p.event().equals("leave")) {
                        members.remove(p.nick());
                    }
                }
            } else if (m instanceof ServerMessage.Gap g) {
                if (!g.restarted() && g.first() <= last) {
                    violations.add("a gap that is not a restart goes back: " + g + " after " + last);
                }
                last = g.first() - 1;
                epoch = g.epoch();
            } else if (m instanceof ServerMessage.History h) {
                epoch = h.epoch();
            } else if (m instanceof ServerMessage.Error e && e.code().equals("nick-taken") && visits > 0 && !present) {
                retryJoin = true; // our dropped connection still holds the nick: try again shortly
                retry = session;
            }
        }
        if (retry != null) {
            try {
                retry.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    private void attachment(Connection c, ByteBuffer bytes) {
        long seq;
        try {
            seq = new AttachmentDecoder(Clients.CLIENT_MAX_MESSAGE).decode(bytes).seq();
        } catch (Exception e) {
            synchronized (this) {
                violations.add("undecodable attachment: " + e);
            }
            return;
        }
        synchronized (this) {
            if (c.session == session) {
                numbered(seq, null);
            }
        }
    }

    /** A broadcast numbered {@code seq}: the next number, or a jump nobody announced. */
    private void numbered(long seq, ServerMessage m) {
        if (last >= 0 && seq != last + 1) {
            violations.add(nick + ": after " + last + " came " + seq + " without a gap: " + m);
        }
        last = seq;
    }

    private void closed(Connection c, CloseReason reason) {
        synchronized (this) {
            if (c.session != session) {
                return;
            }
            closes.add(reason);
            present = false;
            boolean again = retryJoin || RETRY.contains(reason.getCloseCode().getCode());
            retryJoin = false;
            if (resuming && !stopped && again) {
                retryLater();
            }
        }
    }

    /** Caller holds the monitor. */
    private void retryLater() {
        long wait = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, 1_000);
        timer.schedule(this::join, wait, TimeUnit.MILLISECONDS);
    }

    /** One connection's endpoint; events of an old connection are ignored. */
    private final class Connection extends Endpoint {
        volatile Session session;

        @Override
        public void onOpen(Session s, EndpointConfig config) {
            session = s;
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> received(this, text));
            s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> attachment(this, bytes));
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            closed(this, reason);
        }

        @Override
        public void onError(Session s, Throwable failure) {
            // the close that follows says what happened
        }
    }

    @Override
    public String toString() {
        return "Chatter[" + nick + " in " + room + "]";
    }
}
