package dev.wskit.client;

/**
 * Where a client endpoint reports what happens on its connection, for the thread that acts on it. Implementations
 * are thread-safe: the container calls them from its threads.
 *
 * @param <M> the messages the endpoint receives
 */
public interface Inbox<M> {

    void received(M message);

    void closed(int code, String reason);

    void error(Throwable failure);
}
