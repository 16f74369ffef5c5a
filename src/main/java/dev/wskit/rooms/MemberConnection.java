package dev.wskit.rooms;

import java.nio.ByteBuffer;

/**
 * What a room or board endpoint hands its session's binary parts and its end to; each kind adds its own text path.
 * Called by the container one event at a time per connection; implementations say their own threading rules.
 */
public interface MemberConnection {

    void binary(ByteBuffer part, boolean last);

    /** The connection ended, cleanly or not: leave the room. */
    void closed();
}
