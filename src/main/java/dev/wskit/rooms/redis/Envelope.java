package dev.wskit.rooms.redis;

import dev.wskit.rooms.Room;
import java.nio.charset.StandardCharsets;

/**
 * One pub/sub message of a room or board channel, as the script publishes it: a kind byte ({@code T}, {@code B},
 * {@code S}), the 16-character epoch, {@code first}, a space, {@code last} (decimal), a newline, then the frame.
 * Parsed on Lettuce's event loop without copying the frame. Immutable (the bytes are not shared).
 */
record Envelope(byte kind, String epoch, long first, long last, byte[] bytes, int offset) {

    static final int EPOCH_LENGTH = Room.EPOCH_LENGTH;

    /** @return the envelope, or null when {@code payload} is not one */
    static Envelope parse(byte[] payload) {
        if (payload.length < 1 + EPOCH_LENGTH + 4) {
            return null;
        }
        byte kind = payload[0];
        if (kind != Numbered.TEXT && kind != Numbered.ATTACHMENT && kind != Numbered.STROKES) {
            return null;
        }
        String epoch = new String(payload, 1, EPOCH_LENGTH, StandardCharsets.ISO_8859_1);
        int i = 1 + EPOCH_LENGTH;
        long first = 0;
        int start = i;
        for (; i < payload.length && payload[i] != ' ' && i - start < 19; i++) {
            int c = payload[i] - '0';
            if (c < 0 || c > 9) {
                return null;
            }
            first = first * 10 + c;
        }
        if (i == start || i >= payload.length || payload[i] != ' ') {
            return null;
        }
        long last = 0;
        start = ++i;
        for (; i < payload.length && payload[i] != '\n' && i - start < 19; i++) {
            int c = payload[i] - '0';
            if (c < 0 || c > 9) {
                return null;
            }
            last = last * 10 + c;
        }
        if (i == start || i >= payload.length || payload[i] != '\n' || last < first) {
            return null;
        }
        return new Envelope(kind, epoch, first, last, payload, i + 1);
    }

    Numbered numbered() {
        return new Numbered(first, last, Numbered.frame(kind, bytes, offset));
    }

    /** Bytes of the frame, what the feed queue bound counts. */
    int size() {
        return bytes.length - offset;
    }
}
