package dev.wskit.client.bench;

import dev.wskit.client.bench.BenchResult.Field;
import dev.wskit.client.rooms.RoomClient;
import dev.wskit.codec.ClientMessage;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * Broadcast fan-out through a wskit room: {@code --connections} members join one room (spread over
 * {@code --ramp-up}); once the room has confirmed the joins and every member has heard them all, the first
 * {@code --publishers} of the members that got in each say {@code --rate} messages a second until {@code --duration} passes or {@code --messages} have been said in
 * total. Every member checks it hears every message once, in each publisher's order (errors {@code lost},
 * {@code duplicate}, {@code reordered}, {@code closed-1008} for a member the server dropped as too slow), and each
 * delivery's end-to-end latency goes into the histogram. A run in which no member got in has nobody to publish: it
 * fails with {@code no-publisher}. With {@code --reconnect}, members the server drops reconnect and resume
 * ({@link RoomMember}); a publisher waits for its rejoin and goes on after the last of its messages the room took.
 *
 * <p>Runs on the bench thread, with one thread per publisher (the only thread sending on its member's connection
 * once it has joined) and a small scheduler for reconnects, shut down at the end of the run.
 */
final class RoomsMode implements BenchMode {

    private static final long JOIN_MILLIS = 60_000;
    /** How long members may take to hear the last messages after the publishers stop before the rest count as lost. */
    private static final long DRAIN_MILLIS = 30_000;

    /**
     * What a rooms run measured.
     *
     * @param membersToTheEnd members that had not left for good when the run ended
     * @param reconnects      joins confirmed again after a reconnect; null without {@code --reconnect}
     * @param publishers      members that published (at most {@code --publishers}, and only members that joined)
     * @param published       messages said, in total
     * @param deliveries      messages heard, counted once per member
     */
    record Result(int members, int membersJoined, int membersToTheEnd, Long reconnects, int publishers, int ratePerPublisher,
                  int size, long published, double seconds, long deliveries, BenchResult.Latency latency) implements BenchResult.Figures {
        @Override
        public List<Field> fields() {
            List<Field> f = new ArrayList<>(List.of(new Field("members", members), new Field("membersJoined", membersJoined),
                    new Field("membersToTheEnd", membersToTheEnd)));
            if (reconnects != null) {
                f.add(new Field("reconnects", reconnects));
            }
            f.addAll(List.of(new Field("publishers", publishers), new Field("ratePerPublisher", ratePerPublisher), new Field("size", size),
                    new Field("published", published), Field.rounded("seconds", seconds), new Field("deliveries", deliveries),
                    Field.perSecond("deliveriesPerSecond", deliveries, seconds), new Field("latencyMillis", latency)));
            return f;
        }
    }

    @Override
    public Result run(BenchRun run) throws InterruptedException {
        BenchOptions o = run.options();
        AtomicBoolean stopping = new AtomicBoolean();
        ScheduledExecutorService rejoins = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wskit-bench-rejoin");
            t.setDaemon(true);
            return t;
        });
        RoomMember[] roster = new RoomMember[o.connections()];
        RoomMember.Rejoins reopen = (wait, m) -> rejoins.schedule(() -> reconnect(m, run, stopping), wait.toMillis(), TimeUnit.MILLISECONDS);
        try {
            BenchRun.Opening<RoomClient> opening = run.open(o.connections(), i -> {
                roster[i] = new RoomMember(i, "member" + i, o.publishers(), run.stats(), stopping::get, o.reconnect(), reopen);
                return roster[i].endpoint();
            }, (i, client, session) -> roster[i].connected(client, session));
            long tick = o.progress().isZero() ? 200 : o.progress().toMillis();
            while (!opening.await(tick)) {
                run.progress("joining");
            }
            List<RoomMember> present = joined(opening, roster, run);
            run.progress(present.size() + " joined");
            settle(present, run, tick);
            // Publishers are chosen among the members the room took: one turned away would publish nothing.
            List<RoomMember> publishing = present.subList(0, Math.min(o.publishers(), present.size()));
            if (publishing.isEmpty()) {
                run.stats().error("no-publisher");
            }

            AtomicLongArray published = new AtomicLongArray(o.publishers());
            long start = System.nanoTime();
            long end = o.messages() > 0 ? Long.MAX_VALUE : start + o.duration().toNanos();
            List<Thread> senders = new ArrayList<>();
            for (int p = 0; p < publishing.size(); p++) {
                RoomMember m = publishing.get(p);
                int publisher = p;
                long budget = o.messages() > 0 ? o.messages() / publishing.size() + (p < o.messages() % publishing.size() ? 1 : 0) : Long.MAX_VALUE;
                Thread t = new Thread(() -> publish(m, publisher, budget, end, o, published, stopping, run), "wskit-bench-publisher-" + p);
                t.setDaemon(true);
                senders.add(t);
                t.start();
            }
            for (Thread t : senders) {
                while (t.isAlive()) {
                    t.join(tick);
                    run.progress("publishing");
                }
            }
            long[] sent = new long[o.publishers()];
            long total = 0;
            for (int p = 0; p < sent.length; p++) {
                sent[p] = published.get(p);
                total += sent[p];
            }
            long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
            long said = total;
            while (System.nanoTime() < drainUntil && !allStaying(present, m -> m.distinct() >= said)) {
                // Polled, not signalled: members would otherwise have to share a counter on every delivery.
                TimeUnit.MILLISECONDS.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long lost = 0;
            int stayed = 0;
            long reconnects = 0;
            for (RoomMember m : present) {
                reconnects += m.visits() - 1;
                if (!m.gone.isDone()) {
                    stayed++;
                    lost += m.lost(sent);
                }
            }
            for (long i = 0; i < lost; i++) {
                run.stats().error("lost");
            }
            stopping.set(true);
            rejoins.shutdownNow();
            for (RoomMember m : roster) {
                if (m != null) {
                    m.close();
                }
            }
            run.stats().interval();
            return new Result(o.connections(), present.size(), stayed, o.reconnect().enabled() ? reconnects : null, publishing.size(),
                    o.rate(), o.size(), total, seconds, run.stats().messages.sum(), BenchResult.Latency.of(run.stats().total()));
        } finally {
            stopping.set(true);
            rejoins.shutdownNow();
        }
    }

    /** Opens a new connection for {@code m} on the scheduler's thread; at the end of the run, closes it at once. */
    private static void reconnect(RoomMember m, BenchRun run, AtomicBoolean stopping) {
        if (stopping.get()) {
            return;
        }
        RoomClient client = m.endpoint();
        Session session;
        try {
            session = run.connect(m.index(), client);
        } catch (Exception e) {
            run.failure(m.index(), e);
            m.reconnectFailed();
            return;
        }
        run.stats().connectionsOpen.incrementAndGet();
        m.connected(client, session);
        if (stopping.get()) {
            m.close();
        }
    }

    /** Whether every member still here satisfies {@code test}. */
    private static boolean allStaying(List<RoomMember> present, Predicate<RoomMember> test) {
        for (RoomMember m : present) {
            if (!m.gone.isDone() && !test.test(m)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every member has heard every join (the room's number at the last join), at most
     * {@link #JOIN_MILLIS}: a member's {@code here} can come before the other members have heard its {@code join}
     * (on a backplane that fans out after the join returns, as Redis's does), and publishing into that backlog would
     * time the joins' presence, not the broadcast.
     */
    private static void settle(List<RoomMember> present, BenchRun run, long tick) throws InterruptedException {
        long last = 0;
        for (RoomMember m : present) {
            last = Math.max(last, m.lastSeq());
        }
        long joins = last;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        long nextProgress = System.nanoTime();
        while (System.nanoTime() < deadline && !allStaying(present, m -> m.lastSeq() >= joins)) {
            if (System.nanoTime() >= nextProgress) {
                run.progress("settling");
                nextProgress = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tick);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Members whose join the room confirmed, in roster order; the others are counted as {@code join-timeout}. */
    private static List<RoomMember> joined(BenchRun.Opening<RoomClient> opening, RoomMember[] roster, BenchRun run) throws InterruptedException {
        List<RoomMember> present = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        List<BenchRun.Opened<RoomClient>> opened = new ArrayList<>(opening.opened());
        opened.sort(java.util.Comparator.comparingInt(BenchRun.Opened::index));
        for (BenchRun.Opened<RoomClient> c : opened) {
            RoomMember m = roster[c.index()];
            try {
                m.joined.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                present.add(m);
            } catch (TimeoutException e) {
                run.stats().error("join-timeout");
            } catch (ExecutionException e) {
                // Counted where it happened: a room error or a close.
            }
        }
        return present;
    }

    /**
     * Says publisher {@code p}'s messages at the rate until the budget is said, the end passes or the run stops.
     * After its member reconnected it goes on after the last of its own messages the room replayed to it: the room
     * took those, and none after them.
     */
    private static void publish(RoomMember m, int p, long budget, long end, BenchOptions o, AtomicLongArray published,
                                AtomicBoolean stopping, BenchRun run) {
        long intervalNanos = (long) (1e9 / o.rate());
        long next = System.nanoTime();
        int visit = m.visits();
        long seq = 1;
        try {
            while (seq <= budget && !stopping.get()) {
                long now = System.nanoTime();
                if (now >= end) {
                    return;
                }
                if (next > now) {
                    TimeUnit.NANOSECONDS.sleep(next - now);
                }
                next += intervalNanos;
                RoomMember.Present at = m.awaitPresent(end);
                if (at == null) {
                    return;
                }
                if (at.visit() != visit) {
                    visit = at.visit();
                    seq = m.highest(p) + 1;
                    published.set(p, seq - 1);
                    if (seq > budget) {
                        return;
                    }
                }
                try {
                    at.client().send(new ClientMessage.Say(RoomMember.text(p, seq, System.nanoTime(), o.size())));
                    published.set(p, seq);
                    seq++;
                } catch (Exception e) {
                    if (!o.reconnect().enabled()) {
                        run.stats().error("send-failed");
                        return;
                    }
                    // The connection is going: its close brings a rejoin, or the member's end.
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
