package dev.wskit.rooms;

import java.nio.ByteBuffer;

/**
 * What a room or board endpoint hands its session's events to. Called by the container one event at a time per
 * connection; implementations say their own threading rules.
 */
public interface MemberConnection {

    void text(String part, boolean last);

    void binary(ByteBuffer part, boolean last);

    /** The connection ended, cleanly or not: leave the room. */
    void closed();
}
