package dev.wskit.client.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory and thread count of a local process from Linux's {@code /proc/PID/status}: what bench can observe of a
 * server it does not control. Stateless.
 *
 * @param rssBytes resident set size (VmRSS)
 * @param threads  number of threads
 */
public record ProcStatus(long rssBytes, long threads) {

    /** Linux's USER_HZ: the unit of the CPU times in {@code /proc/PID/stat} on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    /** CPU seconds (user and system) {@code pid} has used so far, or -1 if they cannot be read. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A server's CPU use over a stretch of a run: started by {@link #start}, read by {@link #perSecond}. */
    public record CpuWindow(long pid, double cpuAtStart, long nanosAtStart) {

        /** Starts a window for {@code pid}, or returns null for no pid (0). */
        public static CpuWindow start(long pid) {
            return pid > 0 ? new CpuWindow(pid, cpuSeconds(pid), System.nanoTime()) : null;
        }

        /** CPU seconds the process used per second since the start (1.0: one core busy), or null if unreadable. */
        public Double perSecond() {
            double now = cpuSeconds(pid);
            double seconds = (System.nanoTime() - nanosAtStart) / 1e9;
            return now < 0 || cpuAtStart < 0 || seconds <= 0 ? null : BenchResult.Field.round((now - cpuAtStart) / seconds);
        }
    }

    /** The status of {@code pid}, or null if it cannot be read (no such process, not Linux). */
    public static ProcStatus of(long pid) {
        try {
            long rss = -1;
            long threads = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return rss < 0 ? null : new ProcStatus(rss, threads);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
