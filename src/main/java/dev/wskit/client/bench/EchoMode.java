package dev.wskit.client.bench;

import dev.wskit.client.bench.BenchResult.Field;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Echo throughput: {@code connections} connections each keep {@code in-flight} messages outstanding until the
 * duration passes or the message count is reached; every echo is checked and timed. Runs on the bench thread.
 */
final class EchoMode implements BenchMode {

    /** One echo connection's load, over either client: done when it has nothing more to send or wait for. */
    interface Connection {
        CompletableFuture<Void> done();

        /** Re-checks completion once the run is stopping. */
        void stop();
    }

    /** How long the last echoes may take after the run stops before they count as lost. */
    private static final long DRAIN_MILLIS = 30_000;

    /**
     * What an echo run measured.
     *
     * @param seconds  from the first connection opening to the end of the run (before the last echoes drain)
     * @param messages round trips completed
     * @param bytes    payload bytes echoed (each way)
     */
    record Result(int inFlight, int size, BenchOptions.Type type, double seconds, long messages, long bytes,
                  BenchResult.Latency latency, Double serverCpuPerSecond) implements BenchResult.Figures {
        @Override
        public List<Field> fields() {
            List<Field> f = new java.util.ArrayList<>(List.of(new Field("inFlight", inFlight), new Field("size", size),
                    new Field("type", type.name()), Field.rounded("seconds", seconds), new Field("messages", messages),
                    Field.perSecond("messagesPerSecond", messages, seconds), Field.perSecond("megabytesPerSecond", bytes / 1e6, seconds),
                    new Field("latencyMillis", latency)));
            if (serverCpuPerSecond != null) {
                f.add(new Field("serverCpuPerSecond", serverCpuPerSecond));
            }
            return f;
        }
    }

    @Override
    public Result run(BenchRun run) throws InterruptedException {
        BenchOptions o = run.options();
        Payloads payloads = new Payloads(o.size());
        boolean binary = o.type() == BenchOptions.Type.binary;
        AtomicBoolean stopping = new AtomicBoolean();
        ProcStatus.CpuWindow cpu = ProcStatus.CpuWindow.start(o.serverPid());
        if (o.raw()) {
            BenchRun.Opening<RawEchoLoad> opening = run.openRaw(o.connections(),
                    i -> new RawEchoLoad(payloads, binary, o.inFlight(), budget(o, i), stopping::get, run.stats()));
            double seconds = drive(run, opening, stopping, c -> run.rawClient().execute(c::stop));
            Double serverCpu = cpu == null ? null : cpu.perSecond();
            run.closeAllRaw(opening.opened(), RawEchoLoad::close);
            return result(run, o, seconds, serverCpu);
        }
        BenchRun.Opening<EchoLoad> opening = run.open(o.connections(),
                i -> new EchoLoad(payloads, binary, o.inFlight(), budget(o, i), stopping::get, run.stats()),
                (i, load, session) -> load.start(session));
        double seconds = drive(run, opening, stopping, EchoLoad::stop);
        Double serverCpu = cpu == null ? null : cpu.perSecond();
        run.closeAll(opening.opened().stream().map(BenchRun.Opened::session).toList());
        return result(run, o, seconds, serverCpu);
    }

    private static Result result(BenchRun run, BenchOptions o, double seconds, Double serverCpu) {
        run.stats().interval();
        return new Result(o.inFlight(), o.size(), o.type(), seconds, run.stats().messages.sum(), run.stats().bytes.sum(),
                BenchResult.Latency.of(run.stats().total()), serverCpu);
    }

    /**
     * Runs the load until the duration passes or every connection is done, printing progress; then stops it and
     * waits for the last echoes. Returns the load's seconds (up to the stop).
     */
    private static <T extends Connection> double drive(BenchRun run, BenchRun.Opening<T> opening, AtomicBoolean stopping,
                                                       java.util.function.Consumer<T> stop) throws InterruptedException {
        BenchOptions o = run.options();
        long tick = o.progress().isZero() ? 200 : o.progress().toMillis();
        CompletableFuture<Void> allDone = null;
        while (true) {
            long start = run.loadStartNanos();
            long deadline = o.messages() > 0 || start == 0 ? Long.MAX_VALUE : start + o.duration().toNanos();
            if (System.nanoTime() >= deadline) {
                break;
            }
            long waitMs = Math.min(tick, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (allDone == null && opening.isFinished()) {
                allDone = CompletableFuture.allOf(opening.opened().stream().map(c -> c.endpoint().done()).toArray(CompletableFuture[]::new));
            }
            if (allDone == null) {
                opening.await(waitMs);
            } else if (waitFor(allDone, waitMs)) {
                break;
            }
            run.progress("");
        }
        double seconds = run.elapsedSeconds();
        stopping.set(true);
        opening.await(DRAIN_MILLIS);
        List<BenchRun.Opened<T>> opened = opening.opened();
        opened.forEach(c -> stop.accept(c.endpoint()));
        if (!waitFor(CompletableFuture.allOf(opened.stream().map(c -> c.endpoint().done()).toArray(CompletableFuture[]::new)), DRAIN_MILLIS)) {
            long stuck = opened.stream().filter(c -> !c.endpoint().done().isDone()).count();
            for (long i = 0; i < stuck; i++) {
                run.stats().error("echo-timeout");
            }
        }
        return seconds;
    }

    private static boolean waitFor(CompletableFuture<?> future, long millis) throws InterruptedException {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Messages connection {@code i} sends: the count split evenly, or unbounded for a timed run. */
    private static long budget(BenchOptions o, int i) {
        if (o.messages() <= 0) {
            return Long.MAX_VALUE;
        }
        long share = o.messages() / o.connections();
        return share + (i < o.messages() % o.connections() ? 1 : 0);
    }
}
