package dev.wskit.client.bench;

import dev.wskit.client.Units;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle-connection capacity: opens {@code connections} connections that send nothing, holds them for the
 * duration, and reports what it can observe: how many opened and stayed open, client heap, and, given
 * {@code --server-pid}, the server's resident memory and threads before and after, per connection.
 * Runs on the bench thread.
 */
public final class IdleMode implements BenchMode {

    @Override
    public Map<String, Object> run(BenchRun run) throws InterruptedException {
        BenchCommand o = run.options();
        Map<String, Object> figures = new LinkedHashMap<>();
        ProcStatus before = o.serverPid > 0 ? ProcStatus.of(o.serverPid) : null;
        long heapBefore = usedHeap();
        long begin = System.nanoTime();
        BenchRun.Opening<IdleLoad> opening = run.open(o.connections, i -> new IdleLoad(run.stats()), (load, session) -> { });
        long tick = o.progress.isZero() ? 1000 : o.progress.toMillis();
        while (!opening.await(tick)) {
            run.progress(server(o));
        }
        double openSeconds = (System.nanoTime() - begin) / 1e9;
        long holdUntil = System.nanoTime() + o.duration().toNanos();
        ProcStatus opened = o.serverPid > 0 ? ProcStatus.of(o.serverPid) : null;
        while (System.nanoTime() < holdUntil) {
            Thread.sleep(Math.min(tick, Math.max(1, (holdUntil - System.nanoTime()) / 1_000_000)));
            run.progress(server(o));
        }
        long open = run.stats().connectionsOpen.get();
        ProcStatus held = o.serverPid > 0 ? ProcStatus.of(o.serverPid) : null;
        long heapHeld = usedHeap();
        List<BenchRun.Opened<IdleLoad>> all = opening.opened();
        all.forEach(c -> c.endpoint().release());
        run.closeAll(all);

        figures.put("openSeconds", BenchCommand.round(openSeconds));
        figures.put("connectionsPerSecond", BenchCommand.round(all.size() / Math.max(1e-9, openSeconds)));
        figures.put("heldSeconds", o.duration().toMillis() / 1000.0);
        figures.put("stillOpenAtEnd", open);
        figures.put("clientHeapBytesPerConnection", open > 0 ? (heapHeld - heapBefore) / open : 0);
        if (before != null && held != null) {
            figures.put("serverRssBytesBefore", before.rssBytes());
            figures.put("serverRssBytesAfterOpen", opened == null ? -1 : opened.rssBytes());
            figures.put("serverRssBytesAtEnd", held.rssBytes());
            figures.put("serverRssBytesPerConnection", open > 0 ? (held.rssBytes() - before.rssBytes()) / open : 0);
            figures.put("serverThreadsBefore", before.threads());
            figures.put("serverThreadsAtEnd", held.threads());
        } else if (o.serverPid > 0) {
            figures.put("serverPid", "cannot read /proc/" + o.serverPid + "/status");
        }
        return figures;
    }

    private static String server(BenchCommand o) {
        if (o.serverPid <= 0) {
            return "";
        }
        ProcStatus s = ProcStatus.of(o.serverPid);
        return s == null ? "server ?" : "server RSS " + Units.bytes(s.rssBytes()) + ", " + s.threads() + " threads";
    }

    /** Heap in use after a collection: what the connections hold, not garbage. */
    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return r.totalMemory() - r.freeMemory();
    }
}
