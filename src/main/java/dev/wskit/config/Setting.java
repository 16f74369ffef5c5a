package dev.wskit.config;

/**
 * Every tunable limit of wskit, with its key, default and unit.
 *
 * <p>A setting is looked up, first match wins, as the system property named by {@link #key()}
 * ({@code -Dwskit.echo.maxTextMessageSize=1048576}), as the environment variable named by
 * {@link #envName()} ({@code WSKIT_ECHO_MAX_TEXT_MESSAGE_SIZE=1048576}), as the {@code web.xml}
 * context parameter named by {@link #key()}, and finally as {@link #defaultValue()}.
 *
 * <p>Immutable; safe to share between threads.
 */
public enum Setting {

    /** Largest text message /echo and /inspect accept, in UTF-8 bytes. Default 16 MiB. Past it: close 1009. */
    ECHO_MAX_TEXT_MESSAGE_SIZE("wskit.echo.maxTextMessageSize", 16L * 1024 * 1024, 0, Integer.MAX_VALUE, "bytes"),

    /** Largest binary message /echo and /inspect accept, in bytes. Default 16 MiB. Past it: close 1009. */
    ECHO_MAX_BINARY_MESSAGE_SIZE("wskit.echo.maxBinaryMessageSize", 16L * 1024 * 1024, 0, Integer.MAX_VALUE, "bytes"),

    /**
     * Largest message the {@code repeat} knob may copy, in bytes. Default 1 MiB. Repeating needs the whole
     * message in memory, unlike the plain echo, which streams; past it: close 1009.
     */
    ECHO_MAX_REPEAT_MESSAGE_SIZE("wskit.echo.maxRepeatMessageSize", 1024L * 1024, 0, 64L * 1024 * 1024, "bytes"),

    /** Upper bound of the {@code delay} knob, in milliseconds. Default 60000. */
    ECHO_MAX_DELAY("wskit.echo.maxDelay", 60_000, 0, 3_600_000, "ms"),

    /** Upper bound of the {@code repeat} knob, in copies. Default 100. */
    ECHO_MAX_REPEAT("wskit.echo.maxRepeat", 100, 1, 100_000, "copies"),

    /** Upper bound of the {@code closeAfter} knob, in messages. Default 1000000. */
    ECHO_MAX_CLOSE_AFTER("wskit.echo.maxCloseAfter", 1_000_000, 1, Integer.MAX_VALUE, "messages"),

    /** Lower bound of the {@code pingInterval} knob, in milliseconds. Default 100. */
    ECHO_MIN_PING_INTERVAL("wskit.echo.minPingInterval", 100, 10, 3_600_000, "ms"),

    /** Upper bound of the {@code pingInterval} knob, in milliseconds. Default 3600000 (one hour). */
    ECHO_MAX_PING_INTERVAL("wskit.echo.maxPingInterval", 3_600_000, 10, 86_400_000, "ms"),

    /** A connection that sends and receives nothing for this long is closed with 1001. Default 300000 (5 min). */
    IDLE_TIMEOUT("wskit.idleTimeout", 300_000, 1_000, 86_400_000, "ms"),

    /**
     * Size of the container's per-session message buffer, in bytes. Default 64 KiB. wskit's endpoints take
     * messages in parts of at most this size and do their own size accounting, so memory per connection
     * stays bounded on every container (Tomcat allocates this buffer per session).
     */
    MESSAGE_BUFFER_SIZE("wskit.messageBufferSize", 64 * 1024, 1024, 16L * 1024 * 1024, "bytes");

    private final String key;
    private final long defaultValue;
    private final long min;
    private final long max;
    private final String unit;

    Setting(String key, long defaultValue, long min, long max, String unit) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.unit = unit;
    }

    /** The system property and context parameter name, e.g. {@code wskit.echo.maxDelay}. */
    public String key() {
        return key;
    }

    /** The environment variable name, e.g. {@code WSKIT_ECHO_MAX_DELAY}. */
    public String envName() {
        return key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    public long defaultValue() {
        return defaultValue;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public String unit() {
        return unit;
    }
}
