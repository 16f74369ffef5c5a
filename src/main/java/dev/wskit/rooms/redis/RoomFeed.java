package dev.wskit.rooms.redis;

import dev.wskit.rooms.Frame;

/**
 * Where a node's subscription to one room or board hands what Redis published: every broadcast once, in number
 * order, with nothing skipped unless {@link #gap} says so. One feed per room per node, given to
 * {@link FeedHub#open}; the node fans each frame out to its local members (their outboxes).
 *
 * <p>Threading: called on the node's feed threads, one call at a time per room, never concurrently for one room, in
 * order; implementations must not block (queue and return).
 */
public interface RoomFeed {

    /**
     * The next broadcast: a room message numbered {@code seq}, or a board batch whose last record is numbered
     * {@code seq}. A board that fell behind gets its whole state again instead (a clear record with the board's
     * number, then every line since the last clear), which is itself a valid board message.
     */
    void deliver(long seq, Frame frame);

    /**
     * Rooms: broadcasts {@code since+1} to {@code first-1} were published but could not be recovered here (history
     * no longer holds them, e.g. after a long Redis outage); delivery goes on with {@code first}. Members who were
     * here then missed them: close them (e.g. 1012 with a reason) so they resume with {@code since} and get a proper
     * {@code gap}.
     */
    void gap(long since, long first);

    /**
     * The room's numbering restarted: another epoch (Redis lost its data, or the room ended because every member was
     * reaped), or the room is gone ({@code epoch} null). This node's members are no longer members there; close them
     * so they rejoin. Nothing more is delivered; close the subscription.
     */
    void restarted(String epoch);
}
