package dev.wskit.rooms.redis;

import dev.wskit.codec.Strokes;

/**
 * A member's place on a board, held in Redis under a lease this node renews; its strokes go through it.
 *
 * <p>Threading: thread-safe.
 */
public final class BoardClaim extends Claim {

    private final BoardStore store;

    BoardClaim(BoardStore store, Keys keys, String owner, Runnable onLost) {
        super(keys, owner, owner, onLost);
        this.store = store;
    }

    /** Numbers and broadcasts a batch (records as a client sent them; their seq is replaced), or refuses it whole. */
    public BoardStore.Draw draw(Strokes strokes) {
        return store.draw(this, strokes);
    }

    /** Leaves the board; the last member ends it. Idempotent; false if already released or lost. */
    public boolean leave() {
        return store.leave(this);
    }

    /** As {@link #leave}, without waiting for Redis; see {@link RoomClaim#leaveAsync}. */
    @Override
    public java.util.concurrent.CompletionStage<Boolean> leaveAsync() {
        return store.leaveAsync(this);
    }

    @Override
    public String toString() {
        return "BoardClaim[" + where() + " by " + owner + (isHeld() ? "" : ", released") + "]";
    }
}
