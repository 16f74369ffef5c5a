package dev.wskit.client;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The reconnect options of {@code connect}, {@code rooms} and {@code bench} (a picocli mixin); {@link Backoff} says
 * what they mean. Filled in by picocli before the command runs, read-only afterwards.
 */
public final class Reconnect {

    @Option(names = "--reconnect", description = "Reconnect when the connection fails or is lost (1001, 1006, 1011-1014), with"
            + " exponential backoff; after 1012 (service restart) at once, after a random wait up to --backoff"
            + " (rooms: and resume where it left off; bench --mode rooms: members the server drops rejoin and resume).")
    private boolean enabled;

    @Option(names = "--max-reconnects", paramLabel = "N", defaultValue = "10",
            description = "Give up after this many reconnect attempts in a row. Default: ${DEFAULT-VALUE}.")
    private int maxReconnects;

    @Option(names = "--backoff", paramLabel = "DURATION", defaultValue = "500ms", converter = Units.DurationConverter.class,
            description = "First reconnect delay; doubles per failed attempt. Default: ${DEFAULT-VALUE}.")
    private Duration backoff;

    @Option(names = "--max-backoff", paramLabel = "DURATION", defaultValue = "30s", converter = Units.DurationConverter.class,
            description = "Longest reconnect delay. Default: ${DEFAULT-VALUE}.")
    private Duration maxBackoff;

    public RetryPolicy policy() {
        return new RetryPolicy(enabled, maxReconnects, backoff, maxBackoff);
    }
}
