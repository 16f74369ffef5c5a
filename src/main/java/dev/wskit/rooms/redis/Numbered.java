package dev.wskit.rooms.redis;

import dev.wskit.rooms.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One broadcast as Redis numbered it: a room message ({@code first == last}, its {@code seq}) or a board batch (one
 * number per record, {@code first} to {@code last}), and its frame exactly as every member receives it. Immutable.
 */
public record Numbered(long first, long last, Frame frame) {

    /** Kind byte of a JSON text frame, in history entries and pub/sub envelopes. */
    static final byte TEXT = 'T';
    /** Kind byte of a room attachment. */
    static final byte ATTACHMENT = 'B';
    /** Kind byte of a board's strokes. */
    static final byte STROKES = 'S';

    /** The frame stored after a kind byte at {@code offset} in {@code bytes}. */
    static Frame frame(byte kind, byte[] bytes, int offset) {
        if (kind == TEXT) {
            return Frame.text(new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8));
        }
        if (kind == ATTACHMENT || kind == STROKES) {
            return Frame.binary(ByteBuffer.wrap(bytes, offset, bytes.length - offset).slice());
        }
        throw new IllegalArgumentException("unknown frame kind " + kind);
    }

    /** A history entry: kind byte, then the frame. */
    static Numbered entry(long seq, byte[] entry) {
        return new Numbered(seq, seq, frame(entry[0], entry, 1));
    }
}
