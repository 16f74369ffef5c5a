package dev.wskit.ops;

/**
 * What wskit's send paths tell operations about one connection: the hooks that the echo, the rooms outbox and the
 * rooms themselves call, so metrics and the connection log see what only they know. {@link #NONE} ignores
 * everything (unit tests, connections nobody tracks).
 *
 * <p>Implementations return at once: they are called on send paths, some under a room's lock. {@link #sent} is called
 * by one thread at a time per connection, in the order of its sends (every send path in wskit is serialized per
 * connection); the others may come from any thread.
 */
public interface Traffic {

    /** A part of {@code bytes} was handed to the container to send; {@code last} ends a message. */
    void sent(long bytes, boolean last);

    /** wskit is closing this connection itself with {@code code} (so the close counts as the server's). */
    void closing(int code);

    /** This member's outbound queue passed its bound; it is being closed with 1008. */
    void overflowed();

    /** A room join with {@code since} was answered: {@code complete}, or with a gap message first. */
    void resumed(boolean complete);

    /** A room or board turned the connection away for being full (close 1008 right after it opened). */
    void refusedFull();

    Traffic NONE = new Traffic() {
        @Override
        public void sent(long bytes, boolean last) {
        }

        @Override
        public void closing(int code) {
        }

        @Override
        public void overflowed() {
        }

        @Override
        public void resumed(boolean complete) {
        }

        @Override
        public void refusedFull() {
        }
    };
}
