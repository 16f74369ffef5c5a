package dev.wskit.rooms.redis;

import dev.wskit.codec.Attachment;

/**
 * A member's nick in a room, held in Redis under a lease this node renews: what the member says and sends goes
 * through it. Every call waits for Redis at most {@code wskit.redis.commandTimeout} and fails with
 * {@link RedisUnavailableException} when Redis is unreachable.
 *
 * <p>Threading: thread-safe; calls from one thread reach Redis in order (one member's messages keep their order).
 */
public final class RoomClaim extends Claim {

    private final RoomStore store;

    RoomClaim(RoomStore store, Keys keys, String nick, String owner, Runnable onLost) {
        super(keys, nick, owner, onLost);
        this.store = store;
    }

    public String nick() {
        return name;
    }

    /**
     * Broadcasts {@code say} from this member: numbered, kept and published by Redis.
     *
     * @return its number and time; null when the claim is no longer held (then {@code onLost} has run)
     */
    public RoomStore.Published say(String text) {
        return store.say(this, text);
    }

    /** Broadcasts an attachment (its seq, time and sender are filled in); null as for {@link #say}. */
    public RoomStore.Published attach(Attachment attachment) {
        return store.attach(this, attachment);
    }

    /** What the room's history holds after {@code since}; see {@link RoomStore#history}. */
    public RoomStore.Replay history(long since, String epoch) {
        return store.history(where(), since, epoch);
    }

    /**
     * Leaves the room: the nick is released and the {@code leave} broadcast; the last member ends the room (its keys
     * go, the next join starts a new epoch). Idempotent; false if the claim was already released or lost.
     */
    public boolean leave() {
        return store.leave(this);
    }

    /**
     * As {@link #leave}, without waiting for Redis: released here at once; the stage completes with the answer, or
     * fails with {@link RedisUnavailableException} (the claim then expires with its lease).
     */
    @Override
    public java.util.concurrent.CompletionStage<Boolean> leaveAsync() {
        return store.leaveAsync(this);
    }

    @Override
    public String toString() {
        return "RoomClaim[" + where() + "/" + name + " by " + owner + (isHeld() ? "" : ", released") + "]";
    }
}
