package dev.wskit.client.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Echo throughput: {@code connections} connections each keep {@code in-flight} messages outstanding until the
 * duration passes or the message count is reached; every echo is checked and timed. Runs on the bench thread.
 */
public final class EchoMode implements BenchMode {

    /** How long the last echoes may take after the run stops before they count as lost. */
    private static final long DRAIN_MILLIS = 30_000;

    @Override
    public Map<String, Object> run(BenchRun run) throws InterruptedException {
        BenchCommand o = run.options();
        Payloads payloads = new Payloads(o.size);
        boolean binary = o.type == BenchCommand.Type.binary;
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        BenchRun.Opening<EchoLoad> opening = run.open(o.connections,
                i -> new EchoLoad(payloads, binary, o.inFlight, budget(o, i), stopping::get, run.stats()),
                (load, session) -> load.start(session));
        long tick = o.progress.isZero() ? 200 : o.progress.toMillis();
        CompletableFuture<Void> allDone = null;
        while (true) {
            long start = run.loadStartNanos();
            long deadline = o.messages > 0 || start == 0 ? Long.MAX_VALUE : start + o.duration().toNanos();
            if (System.nanoTime() >= deadline) {
                break;
            }
            long waitMs = Math.min(tick, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (allDone == null && opening.isFinished()) {
                allDone = CompletableFuture.allOf(opening.opened().stream().map(c -> c.endpoint().done).toArray(CompletableFuture[]::new));
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
        List<BenchRun.Opened<EchoLoad>> opened = opening.opened();
        opened.forEach(c -> c.endpoint().stop());
        if (!waitFor(CompletableFuture.allOf(opened.stream().map(c -> c.endpoint().done).toArray(CompletableFuture[]::new)), DRAIN_MILLIS)) {
            long stuck = opened.stream().filter(c -> !c.endpoint().done.isDone()).count();
            for (long i = 0; i < stuck; i++) {
                run.stats().error("echo-timeout");
            }
        }
        run.closeAll(opened);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("inFlight", o.inFlight);
        figures.put("size", o.size);
        figures.put("type", o.type.name());
        figures.put("seconds", seconds);
        return figures;
    }

    private static boolean waitFor(CompletableFuture<?> future, long millis) throws InterruptedException {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Messages connection {@code i} sends: the count split evenly, or unbounded for a timed run. */
    private static long budget(BenchCommand o, int i) {
        if (o.messages <= 0) {
            return Long.MAX_VALUE;
        }
        long share = o.messages / o.connections;
        return share + (i < o.messages % o.connections ? 1 : 0);
    }
}
