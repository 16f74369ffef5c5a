package dev.wskit.client;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;

/**
 * A failure to connect, reduced to one human line and an {@link ExitCode}. Immutable.
 *
 * @param exitCode the process exit code for this kind of failure
 * @param kind     a short stable key, used to count errors by kind in bench
 * @param message  one line for the terminal, no stack trace
 */
public record Failure(int exitCode, String kind, String message) {

    /** Classifies a connect failure of {@code uri}, using the refusal body the server sent, if any. */
    public static Failure of(Throwable failure, String uri, String refusalBody) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // Jetty reports an unparseable answer as a made-up status (e.g. 505): not a refusal, a broken server.
            if (t.getClass().getName().startsWith("org.eclipse.jetty.http.HttpException")) {
                return new Failure(ExitCode.UNREACHABLE, "bad-server", uri + " did not answer with HTTP (" + oneLine(String.valueOf(t.getMessage())) + ")");
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UpgradeException up) {
                int status = up.getResponseStatusCode();
                if (status > 0) {
                    return refused(uri, status, refusalBody);
                }
            }
            if (t instanceof SSLException) {
                return new Failure(ExitCode.TLS, "tls", "TLS handshake with " + uri + " failed: " + oneLine(String.valueOf(t.getMessage()))
                        + " (use --trust-ca FILE for a private CA, or --insecure to trust any certificate)");
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new Failure(ExitCode.UNREACHABLE, "unknown-host", "cannot resolve host of " + uri);
            }
            if (t instanceof java.net.BindException) {
                return new Failure(ExitCode.USAGE, "bind", "cannot connect to " + uri + " from the local address given with --bind: "
                        + oneLine(String.valueOf(t.getMessage())));
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new Failure(ExitCode.UNREACHABLE, "refused", "cannot connect to " + uri + ": " + oneLine(String.valueOf(t.getMessage())));
            }
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return new Failure(ExitCode.UNREACHABLE, "timeout", "no answer from " + uri + " in time (connect timeout)");
            }
            if (t instanceof EOFException) {
                return new Failure(ExitCode.UNREACHABLE, "bad-server", uri + " closed the connection during the handshake");
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : oneLine(root.getMessage());
        if (failure instanceof UpgradeException || root instanceof org.eclipse.jetty.http.BadMessageException
                || root.getClass().getName().startsWith("org.eclipse.jetty")
                || root instanceof java.io.IOException) {
            return new Failure(ExitCode.UNREACHABLE, "bad-server", uri + " did not complete a WebSocket handshake: " + detail);
        }
        return new Failure(ExitCode.INTERNAL, "internal", "unexpected failure connecting to " + uri + ": " + detail);
    }

    /** The server at {@code uri} answered the handshake with {@code status} (not 101) and {@code body} (may be null). */
    public static Failure refused(String uri, int status, String body) {
        String why = body == null || body.isBlank() ? "" : ": " + oneLine(body);
        return new Failure(ExitCode.HANDSHAKE_REFUSED, "handshake-" + status, "handshake refused by " + uri + ": HTTP " + status + why);
    }

    public static String oneLine(String s) {
        String line = s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
