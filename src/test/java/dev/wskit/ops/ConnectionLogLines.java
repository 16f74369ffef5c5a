package dev.wskit.ops;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the lines of the connection log ({@link ConnectionLog}'s logger, through java.util.logging, which
 * System.Logger writes to in tests) as {@code LEVEL message}, from construction to {@link #close()}.
 *
 * <p>Thread-safe: the container's threads log, the test thread reads.
 */
final class ConnectionLogLines implements AutoCloseable {

    /** Held, so that the logger and its handler live as long as the capture. */
    private final Logger logger = Logger.getLogger(ConnectionLog.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + MessageFormat.format(r.getMessage(), r.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    ConnectionLogLines() {
        logger.addHandler(handler);
    }

    /** The lines so far, in the order they were logged. */
    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
