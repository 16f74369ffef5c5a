package dev.wskit.rooms.redis;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One member's place in a room or board, held in Redis under a lease this node renews ({@link Leases}): the member's
 * name (a room's nick; a board member's owner) and its owner, {@code node-id/connection-id}. Lost when Redis no longer
 * has it as this owner's (its lease expired and another node reaped it, or Redis lost its data): then
 * {@code onLost} runs once, and the caller should close the member with a reason.
 *
 * <p>Threading: thread-safe.
 */
public abstract class Claim {

    private static final System.Logger LOG = System.getLogger(Claim.class.getName());

    final Keys keys;
    final String name;
    final String owner;
    private final Runnable onLost;
    private final AtomicBoolean held = new AtomicBoolean(true);

    Claim(Keys keys, String name, String owner, Runnable onLost) {
        this.keys = keys;
        this.name = name;
        this.owner = owner;
        this.onLost = onLost;
    }

    /** The room's or board's name. */
    public String where() {
        return keys.name();
    }

    /** {@code node-id/connection-id}. */
    public String owner() {
        return owner;
    }

    /** False once left or lost. */
    public boolean isHeld() {
        return held.get();
    }

    /** Marks the claim as released by its member; true the first time. */
    boolean release() {
        return held.compareAndSet(true, false);
    }

    /** Redis no longer holds this claim as ours: tells the owner once. */
    void lost() {
        if (held.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.WARNING, owner + " | claim lost | " + keys.kind().word + " '" + keys.name()
                    + "' no longer holds '" + name + "' (lease expired or Redis lost its data)");
            try {
                onLost.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, owner + " | claim lost | callback failed", e);
            }
        }
    }

    /**
     * Lets go of the claim without waiting for Redis: released here at once; the stage completes with Redis's answer
     * (false if it was already released or lost), or fails with {@link RedisUnavailableException} (the claim then
     * expires with its lease).
     */
    public abstract java.util.concurrent.CompletionStage<Boolean> leaveAsync();
}
