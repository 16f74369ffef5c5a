package dev.wskit.client.bench;

import dev.wskit.client.Units;
import dev.wskit.client.bench.BenchResult.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle-connection capacity: opens {@code connections} connections that send nothing, holds them for the
 * duration, and reports what it can observe: how many opened and stayed open, client heap, and, given
 * {@code --server-pid}, the server's resident memory and threads before and after, per connection.
 * Runs on the bench thread.
 */
final class IdleMode implements BenchMode {

    /** The server's memory and threads, read from {@code /proc} before opening, once all opened, and at the end. */
    record Server(ProcStatus before, ProcStatus afterOpen, ProcStatus atEnd) {
    }

    /**
     * What an idle run measured.
     *
     * @param server    the server's figures; null when no {@code --server-pid} was given or it could not be read
     * @param serverPid the {@code --server-pid}, or 0
     */
    record Result(double openSeconds, int opened, double heldSeconds, long stillOpenAtEnd, long clientHeapBytesPerConnection,
                  Server server, long serverPid) implements BenchResult.Figures {
        @Override
        public List<Field> fields() {
            List<Field> f = new ArrayList<>(List.of(Field.rounded("openSeconds", openSeconds),
                    Field.perSecond("connectionsPerSecond", opened, openSeconds), new Field("heldSeconds", heldSeconds),
                    new Field("stillOpenAtEnd", stillOpenAtEnd), new Field("clientHeapBytesPerConnection", clientHeapBytesPerConnection)));
            if (server != null) {
                f.add(new Field("serverRssBytesBefore", server.before().rssBytes()));
                f.add(new Field("serverRssBytesAfterOpen", server.afterOpen() == null ? -1 : server.afterOpen().rssBytes()));
                f.add(new Field("serverRssBytesAtEnd", server.atEnd().rssBytes()));
                f.add(new Field("serverRssBytesPerConnection",
                        stillOpenAtEnd > 0 ? (server.atEnd().rssBytes() - server.before().rssBytes()) / stillOpenAtEnd : 0));
                f.add(new Field("serverThreadsBefore", server.before().threads()));
                f.add(new Field("serverThreadsAtEnd", server.atEnd().threads()));
            } else if (serverPid > 0) {
                f.add(new Field("serverPid", "cannot read /proc/" + serverPid + "/status"));
            }
            return f;
        }
    }

    @Override
    public Result run(BenchRun run) throws InterruptedException {
        BenchOptions o = run.options();
        ProcStatus before = server(o);
        long heapBefore = usedHeap();
        long begin = System.nanoTime();
        BenchRun.Opening<?> opening = o.raw() ? run.openRaw(o.connections(), i -> new RawIdleLoad(run.stats()))
                : run.open(o.connections(), i -> new IdleLoad(run.stats()), (i, load, session) -> { });
        long tick = o.progress().isZero() ? 1000 : o.progress().toMillis();
        while (!opening.await(tick)) {
            run.progress(progress(o));
        }
        double openSeconds = (System.nanoTime() - begin) / 1e9;
        long holdUntil = System.nanoTime() + o.duration().toNanos();
        ProcStatus opened = server(o);
        while (System.nanoTime() < holdUntil) {
            Thread.sleep(Math.min(tick, Math.max(1, (holdUntil - System.nanoTime()) / 1_000_000)));
            run.progress(progress(o));
        }
        long open = run.stats().connectionsOpen.get();
        ProcStatus held = server(o);
        long heapHeld = usedHeap();
        int count = opening.opened().size();
        release(run, opening);
        return new Result(openSeconds, count, o.duration().toMillis() / 1000.0, open, open > 0 ? (heapHeld - heapBefore) / open : 0,
                before != null && held != null ? new Server(before, opened, held) : null, o.serverPid());
    }

    @SuppressWarnings("unchecked")
    private static void release(BenchRun run, BenchRun.Opening<?> opening) throws InterruptedException {
        if (run.options().raw()) {
            run.closeAllRaw(((BenchRun.Opening<RawIdleLoad>) opening).opened(), RawIdleLoad::release);
            return;
        }
        List<BenchRun.Opened<IdleLoad>> all = ((BenchRun.Opening<IdleLoad>) opening).opened();
        all.forEach(c -> c.endpoint().release());
        run.closeAll(all.stream().map(BenchRun.Opened::session).toList());
    }

    private static ProcStatus server(BenchOptions o) {
        return o.serverPid() > 0 ? ProcStatus.of(o.serverPid()) : null;
    }

    private static String progress(BenchOptions o) {
        if (o.serverPid() <= 0) {
            return "";
        }
        ProcStatus s = ProcStatus.of(o.serverPid());
        return s == null ? "server ?" : "server RSS " + Units.bytes(s.rssBytes()) + ", " + s.threads() + " threads";
    }

    /** Heap in use after a collection: what the connections hold, not garbage. */
    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return r.totalMemory() - r.freeMemory();
    }
}
