package dev.wskit.client;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * The reconnect options of {@code connect} and {@code rooms} (a picocli mixin) and the backoff they drive: the first
 * retry waits {@code --backoff}, each failure in a row doubles the wait up to {@code --max-backoff}, and
 * {@code --max-reconnects} failures in a row end the run.
 *
 * <p>Not thread-safe: used by the one thread that runs the command.
 */
public final class Reconnect {

    @Option(names = "--reconnect", description = "Reconnect with exponential backoff when the connection fails or is lost"
            + " (rooms: and resume where it left off).")
    boolean enabled;

    @Option(names = "--max-reconnects", paramLabel = "N", defaultValue = "10",
            description = "Give up after this many reconnect attempts in a row. Default: ${DEFAULT-VALUE}.")
    int maxReconnects;

    @Option(names = "--backoff", paramLabel = "DURATION", defaultValue = "500ms", converter = Units.DurationConverter.class,
            description = "First reconnect delay; doubles per failed attempt. Default: ${DEFAULT-VALUE}.")
    Duration backoff;

    @Option(names = "--max-backoff", paramLabel = "DURATION", defaultValue = "30s", converter = Units.DurationConverter.class,
            description = "Longest reconnect delay. Default: ${DEFAULT-VALUE}.")
    Duration maxBackoff;

    private int attempts;
    private Duration delay;

    /** The connection worked: only failures in a row count against {@code --max-reconnects}. */
    public void succeeded() {
        attempts = 0;
        delay = backoff;
    }

    /**
     * When reconnecting is on and attempts remain, says {@code "wskit-cli: WHAT in N ms"} on {@code err}, waits,
     * and returns true; otherwise returns false at once.
     */
    public boolean waitToRetry(PrintWriter err, String what) throws InterruptedException {
        if (delay == null) {
            delay = backoff;
        }
        if (!enabled || attempts >= maxReconnects) {
            return false;
        }
        err.println("wskit-cli: " + what + " in " + delay.toMillis() + " ms");
        attempts++;
        TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        Duration doubled = delay.multipliedBy(2);
        delay = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
        return true;
    }
}
