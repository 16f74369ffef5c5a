package dev.wskit.client;

/**
 * How {@code wskit-cli} ends, as a process exit code. Each kind of failure has its own code so scripts can tell
 * them apart without parsing messages. Constants only.
 */
public final class ExitCode {

    /** The connection ended with a normal close (1000) from either side, or the user closed it; bench: no errors. */
    public static final int OK = 0;
    /** An unexpected internal failure: a bug; run with --verbose and report the stack trace. */
    public static final int INTERNAL = 1;
    /** Bad command line: unknown option, bad value, bad URL, unreadable file. */
    public static final int USAGE = 2;
    /** The server could not be reached: unknown host, connection refused, connect timeout, not a WebSocket/HTTP server. */
    public static final int UNREACHABLE = 3;
    /** The server answered the handshake with an HTTP status other than 101 (e.g. 400 for a bad echo knob). */
    public static final int HANDSHAKE_REFUSED = 4;
    /** The TLS handshake failed: untrusted certificate, wrong host name, protocol mismatch. */
    public static final int TLS = 5;
    /** The peer closed the connection with a code other than 1000. */
    public static final int CLOSED_BY_PEER = 6;
    /** The connection was lost without a close handshake (1006), or timed out idle. */
    public static final int CONNECTION_LOST = 7;
    /** bench ran, but saw errors: mismatched echoes, failed connections or sends, early closes. */
    public static final int BENCH_ERRORS = 8;

    private ExitCode() {
    }
}
