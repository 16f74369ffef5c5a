package dev.wskit.rooms.redis;

/**
 * This node's subscription to one room's or board's channel, open while the node has members there: take it with
 * the node's first local member ({@link FeedHub#openRoom}), {@link #admit} every member after its join, and close it
 * with the last.
 *
 * <p>Threading: thread-safe.
 */
public final class FeedSubscription implements AutoCloseable {

    private final FeedHub hub;
    private final Keys keys;
    final FeedPump pump;

    FeedSubscription(FeedHub hub, Keys keys, FeedPump pump) {
        this.hub = hub;
        this.keys = keys;
        this.pump = pump;
    }

    /** The room's or board's name. */
    public String name() {
        return keys.name();
    }

    /**
     * Starts a member who joined at number {@code seq} of numbering {@code epoch} (from
     * {@link RoomStore.Joined} or {@link BoardStore.Joined}): {@code admission} is told, on the feed's thread, once
     * this node's feed has reached {@code seq}, with whatever it already passed on after it.
     */
    public void admit(String epoch, long seq, Admission admission) {
        pump.admit(epoch, seq, admission);
    }

    /** Whether it stopped: closed, or the numbering restarted. */
    public boolean isEnded() {
        return pump.isEnded();
    }

    /** The last number delivered to the feed; -1 before the first admission. */
    public long delivered() {
        return pump.delivered();
    }

    /** Unsubscribes (without waiting); waiting admissions are refused. Idempotent. */
    @Override
    public void close() {
        hub.close(this);
    }

    Keys keys() {
        return keys;
    }
}
