package dev.wskit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.runtime.Failures.Kind;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;
import org.eclipse.jetty.websocket.core.exception.WebSocketTimeoutException;
import org.eclipse.jetty.websocket.core.exception.WebSocketWriteTimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void thePeerLeavingIsDebug() {
        assertEquals(Kind.PEER_LEFT, Failures.classify(new ClosedChannelException()));
        assertEquals(Kind.PEER_LEFT, Failures.classify(new EofException("reset")));
        assertEquals(Kind.PEER_LEFT, Failures.classify(new IOException(new ExecutionException(new EOFException()))));
        assertEquals(Kind.PEER_LEFT, Failures.classify(new IOException("Connection reset by peer")));
        assertEquals(Kind.PEER_LEFT, Failures.classify(new IOException("Broken pipe")));
        assertEquals(Kind.PEER_LEFT, Failures.classify(new SocketTimeoutException()));
        assertEquals(Kind.PEER_LEFT, Failures.classify(new WebSocketTimeoutException("Connection Idle Timeout")));
        assertEquals(Kind.PEER_LEFT, Failures.classify(new WebSocketWriteTimeoutException("FrameFlusher Write Timeout")));
        assertEquals(Level.DEBUG, Kind.PEER_LEFT.level());
    }

    @Test
    void aTimeoutIsFoundAnywhereInTheCauseChain() {
        assertTrue(Failures.isTimeout(new IOException(new SocketTimeoutException())));
        assertTrue(Failures.isTimeout(new ExecutionException(new TimeoutException())));
        assertTrue(Failures.isTimeout(new WebSocketWriteTimeoutException("FrameFlusher Write Timeout")));
        assertTrue(Failures.isTimeout(new IOException(new IdleTimeoutException())));
        assertFalse(Failures.isTimeout(new IOException("Broken pipe", new ClosedChannelException())));
        assertFalse(Failures.isTimeout(null));
    }

    /** A container's timeout known only by its name. */
    private static final class IdleTimeoutException extends RuntimeException {
    }

    @Test
    void aPeerBreakingTheProtocolIsInfo() {
        assertEquals(Kind.PEER_ERROR, Failures.classify(new ProtocolException("bad frame")));
        assertEquals(Kind.PEER_ERROR, Failures.classify(new BadPayloadException("not UTF-8")));
        assertEquals(Kind.PEER_ERROR, Failures.classify(new DecodeException("{", "not JSON")));
        assertEquals(Level.INFO, Kind.PEER_ERROR.level());
    }

    @Test
    void anythingElseIsWarningOrErrorWithTheException() {
        assertEquals(Kind.CONTAINER, Failures.classify(new IOException("No space left on device")));
        assertEquals(Kind.BUG, Failures.classify(new IllegalStateException("bug")));
        assertEquals(Kind.BUG, Failures.classify(new EncodeException(null, "cannot encode")));
        assertEquals(Kind.BUG, Failures.classify(new StackOverflowError()));
        assertEquals(Level.WARNING, Kind.CONTAINER.level());
        assertEquals(Level.ERROR, Kind.BUG.level());
    }

    @Test
    void logsOneLineAtTheLevelWithTheExceptionOnlyWhenItMatters() {
        Recording log = new Recording();
        IOException reset = new IOException("Connection reset by peer");
        IllegalStateException bug = new IllegalStateException("bug");
        Failures.log(log, "s1", "error", reset);
        Failures.log(log, "s2", "error", bug);
        assertEquals(2, log.lines.size());
        assertEquals(Level.DEBUG, log.lines.get(0).level());
        assertEquals("s1 | error | java.io.IOException: Connection reset by peer", log.lines.get(0).message());
        assertNull(log.lines.get(0).thrown(), "no stack trace for a peer leaving");
        assertEquals(Level.ERROR, log.lines.get(1).level());
        assertSame(bug, log.lines.get(1).thrown());
    }

    private record Line(Level level, String message, Throwable thrown) {
    }

    /** A System.Logger that records what reaches it. Not thread-safe. */
    private static final class Recording implements System.Logger {
        final List<Line> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(new Line(level, msg, thrown));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(new Line(level, format, null));
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
            lines.add(new Line(level, msgSupplier.get(), thrown));
        }
    }
}
