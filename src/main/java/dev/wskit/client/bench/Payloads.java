package dev.wskit.client.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The messages {@code bench} sends and the check of their echoes. Message {@code seq} is one of a few fixed
 * patterns with {@code seq} stamped at the start (16 hex digits for text, 8 bytes for binary), so every echoed
 * byte can be compared without keeping a copy of what was sent, and a reordered or duplicated echo is caught.
 *
 * <p>Immutable after construction; safe to share between connections.
 */
public final class Payloads {

    private static final int VARIANTS = 7;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final int size;
    private final String[] texts = new String[VARIANTS];
    private final byte[][] textBytes = new byte[VARIANTS][];
    private final byte[][] binaries = new byte[VARIANTS][];

    public Payloads(int size) {
        this.size = size;
        for (int v = 0; v < VARIANTS; v++) {
            char[] c = new char[size];
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                c[i] = ALPHABET.charAt((i + v * 11) % ALPHABET.length());
                b[i] = (byte) (i * 31 + v * 7);
            }
            texts[v] = new String(c);
            textBytes[v] = texts[v].getBytes(StandardCharsets.US_ASCII);
            binaries[v] = b;
        }
    }

    public int size() {
        return size;
    }

    private static int textStamp(int size) {
        return Math.min(16, size);
    }

    private static int binaryStamp(int size) {
        return Math.min(8, size);
    }

    public String text(long seq) {
        int stamp = textStamp(size);
        if (stamp == 0) {
            return "";
        }
        String hex = String.format("%016x", seq);
        return hex.substring(16 - stamp) + texts[variant(seq)].substring(stamp);
    }

    public ByteBuffer binary(long seq) {
        byte[] b = binaries[variant(seq)].clone();
        int stamp = binaryStamp(size);
        for (int i = 0; i < stamp; i++) {
            b[i] = (byte) (seq >>> (8 * (stamp - 1 - i)));
        }
        return ByteBuffer.wrap(b);
    }

    /** Null if {@code echo} is exactly {@link #text(long) text(seq)}, else what is wrong with it. */
    public String checkText(long seq, String echo) {
        if (echo.length() != size) {
            return "length " + echo.length() + " instead of " + size;
        }
        int stamp = textStamp(size);
        String hex = String.format("%016x", seq).substring(16 - stamp);
        if (!echo.regionMatches(0, hex, 0, stamp)) {
            return "message " + seq + " expected, got '" + echo.substring(0, stamp) + "' (lost, duplicated or reordered)";
        }
        if (!echo.regionMatches(stamp, texts[variant(seq)], stamp, size - stamp)) {
            return "content differs";
        }
        return null;
    }

    /** Null if {@code echo} is exactly {@link #binary(long) binary(seq)}, else what is wrong with it. */
    public String checkBinary(long seq, ByteBuffer echo) {
        if (echo.remaining() != size) {
            return "length " + echo.remaining() + " instead of " + size;
        }
        int stamp = binaryStamp(size);
        int at = echo.position();
        for (int i = 0; i < stamp; i++) {
            if (echo.get(at + i) != (byte) (seq >>> (8 * (stamp - 1 - i)))) {
                return "message " + seq + " expected, got another (lost, duplicated or reordered)";
            }
        }
        ByteBuffer expected = ByteBuffer.wrap(binaries[variant(seq)], stamp, size - stamp);
        ByteBuffer actual = echo.duplicate().position(at + stamp);
        int mismatch = actual.mismatch(expected);
        return mismatch < 0 ? null : "content differs at byte " + (stamp + mismatch);
    }

    /**
     * Writes message {@code seq} as it goes on the wire (a text message's UTF-8, which is ASCII) into {@code dst} at
     * its position, advancing it; {@code dst} must have {@link #size()} bytes left. No allocation.
     */
    public void write(boolean text, long seq, ByteBuffer dst) {
        int stamp = text ? textStamp(size) : binaryStamp(size);
        for (int i = 0; i < stamp; i++) {
            dst.put(stampByte(text, seq, stamp, i));
        }
        dst.put(text ? textBytes[variant(seq)] : binaries[variant(seq)], stamp, size - stamp);
    }

    /**
     * Checks part of an echo as it arrives, without copying it: {@code chunk} (position to limit, not consumed)
     * holds the bytes of message {@code seq} from {@code offset} on. Returns -1 if every one is as written by
     * {@link #write}, else the index in the message of the first that is not (a byte past {@link #size()} included).
     */
    public int mismatch(boolean text, long seq, int offset, ByteBuffer chunk) {
        int n = chunk.remaining();
        int at = chunk.position();
        int stamp = text ? textStamp(size) : binaryStamp(size);
        int i = 0;
        for (; i < n && offset + i < stamp; i++) {
            if (chunk.get(at + i) != stampByte(text, seq, stamp, offset + i)) {
                return offset + i;
            }
        }
        int from = offset + i;
        int length = Math.min(n - i, size - from);
        if (length > 0) {
            ByteBuffer expected = ByteBuffer.wrap(text ? textBytes[variant(seq)] : binaries[variant(seq)], from, length);
            int m = chunk.slice(at + i, length).mismatch(expected);
            if (m >= 0) {
                return from + m;
            }
        }
        return offset + n > size ? Math.max(size, offset) : -1;
    }

    /**
     * The sequence number stamped at the start of a message of at least 16 (text) or 8 (binary) bytes: the first
     * bytes of {@code start} (not consumed). A text stamp that is not hexadecimal gives -1.
     */
    public static long stampOf(boolean text, ByteBuffer start) {
        int at = start.position();
        if (!text) {
            return start.getLong(at);
        }
        long seq = 0;
        for (int i = 0; i < 16; i++) {
            int d = Character.digit(start.get(at + i), 16);
            if (d < 0 || Character.isUpperCase(start.get(at + i))) {
                return -1;
            }
            seq = seq << 4 | d;
        }
        return seq;
    }

    private static byte stampByte(boolean text, long seq, int stamp, int i) {
        int shift = (stamp - 1 - i) * (text ? 4 : 8);
        return text ? HEX[(int) (seq >>> shift) & 0xf] : (byte) (seq >>> shift);
    }

    /** The UTF-8 bytes of a text payload: all ASCII, so one per char. */
    public static int utf8Length(String payload) {
        return payload.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int variant(long seq) {
        return (int) Math.floorMod(seq, (long) VARIANTS);
    }
}
