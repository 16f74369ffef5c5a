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
