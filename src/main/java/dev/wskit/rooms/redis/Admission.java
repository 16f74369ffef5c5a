package dev.wskit.rooms.redis;

import dev.wskit.rooms.Frame;
import java.util.List;

/**
 * The answer to {@link FeedSubscription#admit}: when a member who just joined starts receiving the room's live
 * broadcasts on this node.
 *
 * <p>Threading: called on the room's feed thread, in order with {@link RoomFeed} calls; must not block.
 */
public interface Admission {

    /**
     * The member starts now: first {@code backlog} (broadcasts after its join that this node's feed already passed
     * on, in order), then everything the feed delivers from the next call on. Add it to the members the feed fans
     * out to inside this call.
     */
    void admitted(List<Frame> backlog);

    /** The member cannot follow the room from its join on (numbering restarted, subscription closed); close it. */
    void refused(String reason);
}
