package dev.wskit.client.bench;

import dev.wskit.client.bench.BenchResult.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Raw broadcast fan-out: {@code --connections} members connect to a URL where every message one member sends is
 * delivered to every member, the sender included (no protocol: e.g. {@code src/test/node/ws-broadcast-server.mjs});
 * the first {@code --publishers} of them that opened send numbered messages of {@code --size} bytes, each keeping at
 * most {@code --in-flight} messages that not every member has yet, for {@code --duration} or until {@code --messages}
 * in total. Every member checks every delivery byte for byte, and that it hears each publisher's messages once and in
 * order ({@link BroadcastMember}); deliveries are timed from send to arrival. A member that finds a fault counts it
 * ({@code mismatch}, {@code lost}, {@code duplicate}, {@code unexpected-message}) and leaves, so the others go on;
 * messages a member that stayed never heard are {@code lost}. For a wskit room (its JSON protocol) use
 * {@code --mode rooms}.
 *
 * <p>Runs on the bench thread; the members and publishers live on the raw client's thread, where the bench thread
 * starts, stops and reads them through {@link dev.wskit.client.raw.RawClient#execute}.
 */
final class BroadcastMode implements BenchMode {

    /** How long the members may take to hear the last messages once publishing stops before the rest are lost. */
    private static final long DRAIN_MILLIS = 30_000;
    /** How long a room's members may take to be told they joined, once all connected. */
    private static final long JOIN_MILLIS = 60_000;

    /**
     * What a broadcast run measured.
     *
     * @param membersToTheEnd members still connected and without a fault at the end
     * @param published       messages sent, all publishers together
     * @param seconds         from the first message sent until the last delivery (or the drain gave up)
     * @param deliveries      messages heard and checked, counted once per member
     */
    record Result(int members, int membersToTheEnd, int publishers, int inFlight, int size, BenchOptions.Type type, long published,
                  double seconds, long deliveries, BenchResult.Latency latency, Double serverCpuPerSecond) implements BenchResult.Figures {
        @Override
        public List<Field> fields() {
            List<Field> f = new ArrayList<>(List.of(new Field("members", members), new Field("membersToTheEnd", membersToTheEnd),
                    new Field("publishers", publishers), new Field("inFlight", inFlight), new Field("size", size), new Field("type", type.name()),
                    new Field("published", published), Field.rounded("seconds", seconds), new Field("deliveries", deliveries),
                    Field.perSecond("deliveriesPerSecond", deliveries, seconds), new Field("latencyMillis", latency)));
            if (serverCpuPerSecond != null) {
                f.add(new Field("serverCpuPerSecond", serverCpuPerSecond));
            }
            return f;
        }
    }

    @Override
    public Result run(BenchRun run) throws InterruptedException {
        BenchOptions o = run.options();
        boolean text = o.type() == BenchOptions.Type.text;
        BroadcastMember.Group group = new BroadcastMember.Group(new Payloads(o.size()), text, o.inFlight(), o.room(), run.stats());
        BenchRun.Opening<BroadcastMember> opening = run.openRaw(o.connections(), i -> new BroadcastMember(group, i));
        long tick = o.progress().isZero() ? 200 : o.progress().toMillis();
        while (!opening.await(tick)) {
            run.progress("connecting");
        }
        List<BenchRun.Opened<BroadcastMember>> opened = new ArrayList<>(opening.opened());
        opened.sort(java.util.Comparator.comparingInt(BenchRun.Opened::index));
        List<BroadcastMember> all = opened.stream().map(BenchRun.Opened::endpoint).toList();
        on(run, () -> group.awaitJoins(all));
        try {
            group.allJoined.get(JOIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Those that did not get in are left out below.
        }
        List<BroadcastMember> members = on(run, () -> group.present(all));
        run.progress(members.size() + " members");
        if (members.isEmpty()) {
            run.stats().error("no-publisher");
            return new Result(o.connections(), 0, 0, o.inFlight(), o.size(), o.type(), 0, 0, 0, BenchResult.Latency.of(run.stats().total()), null);
        }
        int publishers = Math.min(o.publishers(), members.size());
        long budget = o.messages() > 0 ? o.messages() : Long.MAX_VALUE;
        ProcStatus.CpuWindow cpu = ProcStatus.CpuWindow.start(o.serverPid());
        on(run, () -> group.start(members, publishers, budget));
        long start = System.nanoTime();
        long end = o.messages() > 0 ? Long.MAX_VALUE : start + o.duration().toNanos();
        CompletableFuture<Void> allSent = group.allSent;
        while (System.nanoTime() < end && !allSent.isDone()) {
            try {
                allSent.get(Math.max(1, Math.min(tick, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Another tick.
            }
            run.progress("publishing");
        }
        on(run, group::stop);
        try {
            group.allHeard.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // What is still missing is counted as lost below.
        }
        double seconds = (group.lastDeliveryNanos() - start) / 1e9;
        Double serverCpu = cpu == null ? null : cpu.perSecond();
        BroadcastMember.Tally tally = on(run, group::tally);
        run.closeAllRaw(opened, BroadcastMember::close);
        run.stats().interval();
        return new Result(o.connections(), tally.stayed(), publishers, o.inFlight(), o.size(), o.type(), tally.published(), Math.max(0, seconds),
                run.stats().messages.sum(), BenchResult.Latency.of(run.stats().total()), serverCpu);
    }

    /** Runs {@code task} on the raw client's thread and waits for it. */
    private static void on(BenchRun run, Runnable task) throws InterruptedException {
        on(run, () -> {
            task.run();
            return null;
        });
    }

    private static <T> T on(BenchRun run, java.util.function.Supplier<T> task) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        run.rawClient().execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the raw client's thread did not answer in " + DRAIN_MILLIS + " ms", e);
        }
    }
}
