package dev.wskit.runtime;

import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells the peer leaving from failures someone must look at, so each is logged at its level with one line:
 * {@code session | kind | detail}. The peer leaving (closed channel, end of stream, reset, a timeout of a silent
 * peer) is logged at DEBUG; a peer that broke the protocol (bad frame, bad UTF-8, undecodable message) at INFO without
 * a stack trace; anything else at WARNING (container and I/O failures) or ERROR (wskit's own bugs: runtime
 * exceptions, encode errors) with the exception.
 *
 * <p>Knows the containers' exception types by name only, so the WAR stays free of container classes.
 *
 * <p>Stateless; thread-safe.
 */
public final class Failures {

    /** What a failure says about who is at fault. */
    public enum Kind {
        /** The peer went away or went silent: closed channel, EOF, reset, broken pipe, idle or write timeout. */
        PEER_LEFT(Level.DEBUG),
        /** The peer sent something the protocol does not allow. */
        PEER_ERROR(Level.INFO),
        /** The container or the network failed in a way nobody asked for. */
        CONTAINER(Level.WARNING),
        /** A bug in wskit: a runtime exception, an error, a message that could not be encoded. */
        BUG(Level.ERROR);

        private final Level level;

        Kind(Level level) {
            this.level = level;
        }

        public Level level() {
            return level;
        }
    }

    private Failures() {
    }

    /** Classifies a failure by the first telling exception in its cause chain. */
    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException || t instanceof EOFException || timeout(t)) {
                return Kind.PEER_LEFT;
            }
            if (t instanceof IOException && lost(t.getMessage())) {
                return Kind.PEER_LEFT;
            }
            if (t instanceof DecodeException || named(t, "org.eclipse.jetty.websocket.core.exception.CloseException")
                    || named(t, "org.apache.tomcat.websocket.WsIOException")) {
                return Kind.PEER_ERROR;
            }
        }
        if (failure instanceof RuntimeException || failure instanceof Error || failure instanceof EncodeException) {
            return Kind.BUG;
        }
        return Kind.CONTAINER;
    }

    /**
     * Whether a timeout is in the failure's cause chain: a {@link SocketTimeoutException}, a {@link TimeoutException},
     * Jetty's {@code WebSocketTimeoutException} (an idle or write timeout), or any exception whose class name says
     * {@code Timeout}.
     */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (timeout(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this one exception, not its causes, is a timeout (see {@link #isTimeout}). */
    private static boolean timeout(Throwable t) {
        return t instanceof SocketTimeoutException || t instanceof TimeoutException
                || named(t, "org.eclipse.jetty.websocket.core.exception.WebSocketTimeoutException")
                || t.getClass().getSimpleName().contains("Timeout");
    }

    /**
     * Logs one line, {@code session | kind | failure}, at the failure's level; with the exception (stack trace) at
     * WARNING and ERROR only.
     */
    public static void log(System.Logger log, String session, String kind, Throwable failure) {
        Kind k = classify(failure);
        if (!log.isLoggable(k.level())) {
            return;
        }
        String line = session + " | " + kind + " | " + failure;
        if (k == Kind.CONTAINER || k == Kind.BUG) {
            log.log(k.level(), line, failure);
        } else {
            log.log(k.level(), line);
        }
    }

    /** Whether this class or one of its superclasses has this name. */
    private static boolean named(Throwable t, String name) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The operating system's words for a connection the peer dropped. */
    private static boolean lost(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("connection reset") || m.contains("broken pipe") || m.contains("connection was aborted")
                || m.contains("connection abort");
    }
}
