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

    /**
     * Echo data waiting to be sent, summed over all connections, in bytes. Default 256 MiB. Each connection's own
     * backlog is bounded by its message limit; this bounds them together. Past it the echo falls back to
     * back-pressure: the connection's next message is not read until there is room, for at most
     * {@link #SEND_TIMEOUT}; then that connection is closed with 1008 and a reason naming this setting.
     */
    ECHO_MAX_PENDING_BYTES("wskit.echo.maxPendingBytes", 256L * 1024 * 1024, 64L * 1024, 64L * 1024 * 1024 * 1024, "bytes"),

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

    /**
     * How long a send to a client may take, in milliseconds. Default 10000. A client that does not read what it is
     * sent makes its sends stall; once a send to it (an echo of one message or part, a ping, a room message) has
     * taken this long, the connection is closed with 1008 and a reason naming this setting (a room member is dropped)
     * instead of holding the send until the idle timeout. A reader waiting for room in the echo backlog waits at
     * most this long too.
     */
    SEND_TIMEOUT("wskit.sendTimeout", 10_000, 100, 3_600_000, "ms"),

    /** A connection that sends and receives nothing for this long is closed with 1001. Default 300000 (5 min). */
    IDLE_TIMEOUT("wskit.idleTimeout", 300_000, 1_000, 86_400_000, "ms"),

    /**
     * Size of the container's per-session message buffer, in bytes; 0 (the default) chooses per container: 65536
     * on Jetty, which allocates its buffers only while a message is being read, and 8192 on Tomcat (and any other
     * container), which allocates a byte buffer of this size and a char buffer of this many chars for every
     * session up front, idle or not. Otherwise 1024 to 16 MiB. wskit's endpoints take messages in parts of at most
     * this size and do their own size accounting (rooms' JSON text excepted, read whole within
     * {@link #ROOMS_MAX_TEXT_MESSAGE_SIZE}), so memory per connection stays bounded on every container.
     * Read the effective size with {@code dev.wskit.runtime.ContainerKind#messageBufferSize(Settings)}.
     */
    MESSAGE_BUFFER_SIZE("wskit.messageBufferSize", 0, 0, 16L * 1024 * 1024, "bytes"),

    // Rooms (/rooms/{room}) and boards (/boards/{board}).

    /**
     * Most rooms that may exist at once, in rooms; boards are counted separately against the same bound. Default
     * 1000. A join that would open one more gets close 1008 with a reason naming this setting. A room ends with its
     * last member.
     */
    ROOMS_MAX_ROOMS("wskit.rooms.maxRooms", 1000, 1, 1_000_000, "rooms"),

    /** Most members of one room or board, in members. Default 1000. One more gets close 1008 naming this setting. */
    ROOMS_MAX_MEMBERS("wskit.rooms.maxMembers", 1000, 1, 1_000_000, "members"),

    /**
     * Largest JSON text message a room accepts, in UTF-8 bytes. Default 16 KiB. Past it: close 1009. The container
     * reads room messages whole within this bound, so it is also each member's text buffer (Tomcat: this many
     * characters, allocated per member).
     */
    ROOMS_MAX_TEXT_MESSAGE_SIZE("wskit.rooms.maxTextMessageSize", 16 * 1024, 64, 16L * 1024 * 1024, "bytes"),

    /** Largest binary attachment message (header and bytes), in bytes. Default 1 MiB. Past it: close 1009. */
    ROOMS_MAX_ATTACHMENT_SIZE("wskit.rooms.maxAttachmentSize", 1024 * 1024, 64, 64L * 1024 * 1024, "bytes"),

    /** Messages a room keeps for resume, in messages. Default 100. Older ones are reported as a gap. */
    ROOMS_HISTORY_SIZE("wskit.rooms.historySize", 100, 0, 100_000, "messages"),

    /**
     * Bytes a room's history may hold, in bytes. Default 8 MiB. Attachments are kept too, so this bounds a room's
     * memory; the oldest messages go first and are reported as a gap.
     */
    ROOMS_MAX_HISTORY_BYTES("wskit.rooms.maxHistoryBytes", 8L * 1024 * 1024, 0, 1024L * 1024 * 1024, "bytes"),

    /**
     * Messages waiting to be sent to one member, in messages. Default 1000. A member that falls further behind is
     * closed with 1008 and a reason saying so; the others are not slowed.
     */
    ROOMS_MAX_QUEUED_MESSAGES("wskit.rooms.maxQueuedMessages", 1000, 1, 1_000_000, "messages"),

    /** Bytes waiting to be sent to one member, in bytes. Default 16 MiB. Past it: that member is closed with 1008. */
    ROOMS_MAX_QUEUED_BYTES("wskit.rooms.maxQueuedBytes", 16L * 1024 * 1024, 1024, 1024L * 1024 * 1024, "bytes"),

    /** Largest binary stroke message a board accepts, in bytes. Default 64 KiB. Past it: close 1009. */
    BOARDS_MAX_MESSAGE_SIZE("wskit.boards.maxMessageSize", 64 * 1024, 64, 16L * 1024 * 1024, "bytes"),

    /**
     * Stroke data a board keeps for late joiners, in bytes (the encoded size). Default 4 MiB. A stroke past it is
     * refused with an error message ({@code board-full}) until someone clears the board.
     */
    BOARDS_MAX_BOARD_SIZE("wskit.boards.maxBoardSize", 4L * 1024 * 1024, 64, 256L * 1024 * 1024, "bytes"),

    /**
     * Browser origins, besides the page's own, that may open rooms and boards: a comma-separated list of
     * {@code scheme://host[:port]}, or {@code *} for any. Default empty: same origin only. Requests without an
     * {@code Origin} header (non-browser clients) are accepted. A refused origin gets HTTP 403 at the handshake.
     * A text setting: read it with {@link Settings#text(Setting)}.
     */
    ROOMS_ALLOWED_ORIGINS("wskit.rooms.allowedOrigins", ""),

    // Redis backplane

    /**
     * Where rooms and boards live: {@code local} (the default: in this JVM) or a Redis URI,
     * {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS); every node pointed at the same Redis
     * shares every room and board. Percent-encode reserved characters in the user and password. A text setting: read
     * it with {@link Settings#text(Setting)}; {@code dev.wskit.rooms.redis.RedisAddress} parses it.
     */
    BACKPLANE("wskit.backplane", "local"),

    /**
     * How long a member's claim on its nick (and its place in a room or board) lasts without renewal, in ms. Default
     * 15000. Its node renews it every {@code wskit.redis.leaseRenewInterval}; when a node dies, its members' nicks are
     * released and their {@code leave} broadcast once this much time has passed.
     */
    REDIS_LEASE_TIME("wskit.redis.leaseTime", 15_000, 1_000, 3_600_000, "ms"),

    /** How often a node renews its members' leases, in ms. Default 5000; must be less than wskit.redis.leaseTime. */
    REDIS_LEASE_RENEW_INTERVAL("wskit.redis.leaseRenewInterval", 5_000, 100, 3_600_000, "ms"),

    /**
     * Longest wait for Redis to connect or to answer one command, in ms. Default 2000. Past it, or at once while Redis
     * is unreachable, the operation fails (a join is refused with an error) instead of waiting.
     */
    REDIS_COMMAND_TIMEOUT("wskit.redis.commandTimeout", 2_000, 100, 60_000, "ms"),

    // Edge: sign-in, proxies, limits

    /**
     * Shared secret for HS256-signed tokens (JWT), as UTF-8 text of at least 32 bytes. Default empty. When this or
     * {@link #AUTH_JWKS} is set, rooms and boards require a valid token at the handshake (else HTTP 401). A secret:
     * never logged. Environment variable {@code WSKIT_AUTH_HS256SECRET}. A text setting.
     */
    AUTH_HS256_SECRET("wskit.auth.hs256Secret", ""),

    /**
     * Path of a JSON Web Key Set file holding the public keys (RSA for RS256, EC P-256 for ES256) that may sign
     * tokens. Default empty. Read at start-up (a missing or malformed file stops the deployment) and again whenever
     * the file changes, so keys rotate without a restart. A text setting.
     */
    AUTH_JWKS("wskit.auth.jwks", ""),

    /** The audience a token must name in {@code aud}. Default empty: any audience. A text setting. */
    AUTH_AUDIENCE("wskit.auth.audience", ""),

    /** The issuer a token must name in {@code iss}. Default empty: any issuer. A text setting. */
    AUTH_ISSUER("wskit.auth.issuer", ""),

    /**
     * Clock difference tolerated when checking a token's {@code exp} and {@code nbf}, in milliseconds. Default
     * 60000 (one minute).
     */
    AUTH_CLOCK_SKEW("wskit.auth.clockSkew", 60_000, 0, 3_600_000, "ms"),

    /**
     * Whether /echo and /inspect require a token too when sign-in is on: {@code true} or {@code false}. Default
     * false: they stay open to everyone. A text setting.
     */
    AUTH_ECHO("wskit.auth.echo", "false"),

    /**
     * Reverse proxies whose {@code X-Forwarded-For} is believed: a comma-separated list of addresses and CIDR
     * blocks ({@code 127.0.0.1, 10.0.0.0/8, fd00::/8}). Default empty: the header is ignored and the client is the
     * TCP peer. A text setting.
     */
    EDGE_TRUSTED_PROXIES("wskit.edge.trustedProxies", ""),

    /**
     * Most WebSocket connections open at once from one client address (IPv6: one /64), in connections; /echo,
     * /inspect, rooms and boards all count. Default 0: no limit. One more gets HTTP 429 with {@code Retry-After}.
     */
    EDGE_MAX_CONNECTIONS_PER_ADDRESS("wskit.edge.maxConnectionsPerAddress", 0, 0, 1_000_000, "connections"),

    /**
     * WebSocket handshakes one client address (IPv6: one /64) may start per second, on average, in handshakes per
     * second (a token bucket refilled at this rate). Default 0: no limit. Past it: HTTP 429 with {@code Retry-After}.
     */
    EDGE_MAX_HANDSHAKES_PER_SECOND("wskit.edge.maxHandshakesPerSecond", 0, 0, 1_000_000, "handshakes/s"),

    /** Handshakes one address may start at once before the per-second rate applies (the bucket's size). Default 20. */
    EDGE_HANDSHAKE_BURST("wskit.edge.handshakeBurst", 20, 1, 1_000_000, "handshakes"),

    /**
     * Client addresses without an open connection whose handshake rate is remembered, in addresses. Default 100000.
     * Past it the least recently seen is forgotten, so memory stays bounded whatever addresses connect.
     */
    EDGE_MAX_TRACKED_ADDRESSES("wskit.edge.maxTrackedAddresses", 100_000, 16, 10_000_000, "addresses"),

    /**
     * Interval of the server's pings to room and board members, in milliseconds. Default 25000, under the 60 s read
     * timeout of common proxies, so an idle member stays connected through them. 0: no pings.
     */
    ROOMS_PING_INTERVAL("wskit.rooms.pingInterval", 25_000, 0, 3_600_000, "ms"),

    /**
     * Pings in a row a room or board member may leave unanswered, in pings. Default 2. At the next ping due, the
     * member is closed with 1001 and a reason naming this setting.
     */
    ROOMS_MAX_MISSED_PONGS("wskit.rooms.maxMissedPongs", 2, 1, 1000, "pings"),

    // Operations (README Operations): metrics, health, drain on restart, connection log.

    /**
     * Whether wskit counts connections and traffic and serves {@code GET /metrics}: {@code true} or {@code false}.
     * Default true. Off, nothing is counted per message and {@code /metrics} answers 404. A text setting.
     */
    METRICS_ENABLED("wskit.metrics.enabled", "true"),

    /**
     * Client addresses that may read {@code GET /metrics} and start a drain with {@code POST /drain}: a
     * comma-separated list of CIDR blocks or single addresses (numeric, IPv4 or IPv6). Default
     * {@code 127.0.0.0/8,::1}: loopback only. Others get 403, and so does a request that came through a proxy
     * (it carries {@code Forwarded} or {@code X-Forwarded-For}). A text setting.
     */
    OPS_ALLOWED_ADDRESSES("wskit.ops.allowedAddresses", "127.0.0.0/8,::1"),

    /**
     * How long a drain (undeploy, shutdown, {@code POST /drain}) waits, in milliseconds, for sends in flight to
     * finish and clients to answer the close 1012; what is still open then is closed without waiting. Default 10000.
     */
    DRAIN_TIMEOUT("wskit.drain.timeout", 10_000, 0, 600_000, "ms"),

    /** The {@code Retry-After} of the 503 that refuses upgrades while draining, in seconds. Default 5. */
    DRAIN_RETRY_AFTER("wskit.drain.retryAfter", 5, 0, 86_400, "s"),

    /**
     * Whether each connection's end is logged at INFO (logger {@code dev.wskit.ops.ConnectionLog}): {@code true}
     * or {@code false}. Default true. A text setting.
     */
    CONNECTION_LOG_ENABLED("wskit.connectionLog.enabled", "true");

    private final String key;
    private final long defaultValue;
    private final long min;
    private final long max;
    private final String unit;
    private final String defaultText;

    Setting(String key, long defaultValue, long min, long max, String unit) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.defaultText = null;
    }

    /** A text setting: its value is the raw string, read with {@link Settings#text(Setting)}. */
    Setting(String key, String defaultText) {
        this.key = key;
        this.defaultValue = 0;
        this.min = 0;
        this.max = 0;
        this.unit = "text";
        this.defaultText = defaultText;
    }

    /** Whether this setting's value is a secret, which logs and {@code Settings#toString()} never show. */
    public boolean isSecret() {
        return this == AUTH_HS256_SECRET;
    }

    /** Whether this setting holds text rather than a whole number. */
    public boolean isText() {
        return defaultText != null;
    }

    /** The default of a text setting; {@code null} for a number. */
    public String defaultText() {
        return defaultText;
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
