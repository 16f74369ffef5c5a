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

    private final int size;
    private final String[] texts = new String[VARIANTS];
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

    /** The UTF-8 bytes of a text payload: all ASCII, so one per char. */
    public static int utf8Length(String payload) {
        return payload.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int variant(long seq) {
        return (int) Math.floorMod(seq, (long) VARIANTS);
    }
}
