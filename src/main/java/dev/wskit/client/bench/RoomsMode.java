package dev.wskit.client.bench;

import dev.wskit.client.rooms.RoomClient;
import dev.wskit.codec.ClientMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Broadcast fan-out through a wskit room: {@code --connections} members join one room (spread over
 * {@code --ramp-up}); once all have joined, the first {@code --publishers} of them each say {@code --rate}
 * messages a second until {@code --duration} passes or {@code --messages} have been said in total. Every member
 * checks it hears every message once, in each publisher's order (errors {@code lost}, {@code duplicate},
 * {@code reordered}, {@code closed-1008} for a member the server dropped as too slow), and each delivery's
 * end-to-end latency goes into the histogram.
 *
 * <p>Runs on the bench thread, with one thread per publisher; each publisher is the only thread sending on its
 * connection once it has joined.
 */
public final class RoomsMode implements BenchMode {

    private static final long JOIN_MILLIS = 60_000;
    /** How long members may take to hear the last messages after the publishers stop before the rest count as lost. */
    private static final long DRAIN_MILLIS = 30_000;

    @Override
    public Map<String, Object> run(BenchRun run) throws InterruptedException {
        BenchCommand o = run.options();
        int members = o.connections;
        int publishers = Math.min(o.publishers, members);
        AtomicBoolean stopping = new AtomicBoolean();
        RoomMember[] roster = new RoomMember[members];
        BenchRun.Opening<RoomClient> opening = run.open(members, i -> {
            roster[i] = new RoomMember(i, i < publishers ? "pub" + i : "member" + i, publishers, run.stats(), stopping::get);
            RoomClient client = new RoomClient(roster[i]);
            this.members.put(client, roster[i]);
            return client;
        }, (client, session) -> {
            client.bind(session);
            try {
                client.send(new ClientMessage.Join(member(client).nick(), null));
            } catch (Exception e) {
                run.stats().error("send-failed");
            }
        });
        long tick = o.progress.isZero() ? 200 : o.progress.toMillis();
        while (!opening.await(tick)) {
            run.progress("joining");
        }
        List<RoomMember> present = joined(opening, run);
        run.progress(present.size() + " joined");

        AtomicLongArray published = new AtomicLongArray(publishers);
        List<Thread> senders = new ArrayList<>();
        long start = System.nanoTime();
        long end = o.messages > 0 ? Long.MAX_VALUE : start + o.duration().toNanos();
        for (BenchRun.Opened<RoomClient> c : opening.opened()) {
            RoomMember m = member(c.endpoint());
            int p = m.index();
            if (p < publishers && present.contains(m)) {
                long budget = o.messages > 0 ? o.messages / publishers + (p < o.messages % publishers ? 1 : 0) : Long.MAX_VALUE;
                Thread t = new Thread(() -> publish(c.endpoint(), p, budget, end, o, published, stopping, run), "wskit-bench-publisher-" + p);
                t.setDaemon(true);
                senders.add(t);
                t.start();
            }
        }
        for (Thread t : senders) {
            while (t.isAlive()) {
                t.join(tick);
                run.progress("publishing");
            }
        }
        long[] sent = new long[publishers];
        long total = 0;
        for (int p = 0; p < publishers; p++) {
            sent[p] = published.get(p);
            total += sent[p];
        }
        long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while (System.nanoTime() < drainUntil && !allHeard(present, total)) {
            // Polled, not signalled: members would otherwise have to share a counter on every delivery.
            TimeUnit.MILLISECONDS.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long lost = 0;
        int stayed = 0;
        for (RoomMember m : present) {
            if (!m.closed.isDone()) {
                stayed++;
                lost += m.lost(sent);
            }
        }
        for (long i = 0; i < lost; i++) {
            run.stats().error("lost");
        }
        stopping.set(true);
        run.closeAll(opening.opened());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("members", members);
        figures.put("membersJoined", present.size());
        figures.put("membersToTheEnd", stayed);
        figures.put("publishers", publishers);
        figures.put("ratePerPublisher", o.rate);
        figures.put("size", o.size);
        figures.put("published", total);
        figures.put("seconds", seconds);
        return figures;
    }

    private static boolean allHeard(List<RoomMember> present, long total) {
        for (RoomMember m : present) {
            if (!m.closed.isDone() && m.distinct() < total) {
                return false;
            }
        }
        return true;
    }

    /** Members whose join the room confirmed; the others are counted as {@code join-timeout}. */
    private List<RoomMember> joined(BenchRun.Opening<RoomClient> opening, BenchRun run) throws InterruptedException {
        List<RoomMember> present = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        for (BenchRun.Opened<RoomClient> c : opening.opened()) {
            RoomMember m = member(c.endpoint());
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

    private static void publish(RoomClient client, int p, long budget, long end, BenchCommand o, AtomicLongArray published,
                                AtomicBoolean stopping, BenchRun run) {
        long intervalNanos = (long) (1e9 / o.rate);
        long next = System.nanoTime();
        for (long seq = 1; seq <= budget && !stopping.get(); seq++) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            if (next > now) {
                try {
                    TimeUnit.NANOSECONDS.sleep(next - now);
                } catch (InterruptedException e) {
                    return;
                }
            }
            next += intervalNanos;
            try {
                client.send(new ClientMessage.Say(RoomMember.text(p, seq, System.nanoTime(), o.size)));
                published.set(p, seq);
            } catch (Exception e) {
                run.stats().error("send-failed");
                return;
            }
        }
    }

    private final java.util.Map<RoomClient, RoomMember> members = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private RoomMember member(RoomClient client) {
        return members.get(client);
    }
}
