package dev.wskit.rooms.redis;

import dev.wskit.rooms.Names;
import java.nio.charset.StandardCharsets;

/**
 * The Redis keys and channel of one room or board: {@code wskit:room:{lobby}:meta} and so on, all with the name as
 * hash tag so they live in one slot, as one script call needs. Room and board names are checked against
 * {@link Names} (no braces, so the tag is exact). Immutable.
 */
record Keys(Kind kind, String name, byte[][] all, byte[] channel, String channelName) {

    /** Rooms and boards live apart: a room and a board may share a name. */
    enum Kind {
        ROOM("room"), BOARD("board");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    static Keys of(Kind kind, String name) {
        String why = Names.checkRoom(name);
        if (why != null) {
            throw new IllegalArgumentException(kind.word + " " + why);
        }
        String prefix = "wskit:" + kind.word + ":{" + name + "}:";
        byte[][] all = {bytes(prefix + "meta"), bytes(prefix + "log"), bytes(prefix + "members"),
            bytes(prefix + "order"), bytes(prefix + "leases")};
        String channel = prefix + "feed";
        return new Keys(kind, name, all, bytes(channel), channel);
    }

    byte[] meta() {
        return all[0];
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
