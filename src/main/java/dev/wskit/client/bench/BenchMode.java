package dev.wskit.client.bench;

import java.util.Map;

/**
 * One kind of load {@code bench} can generate. A mode opens connections through {@link BenchRun}, drives them,
 * and returns the figures only it knows; the command prints the common ones (connections, messages, latency,
 * errors). New modes (e.g. broadcast fan-out through rooms) implement this and get a {@link BenchCommand.Mode}
 * constant. Implementations run on the bench thread.
 */
public interface BenchMode {

    /** Runs the load to its end and returns mode-specific figures for the summary, in display order. */
    Map<String, Object> run(BenchRun run) throws InterruptedException;
}
