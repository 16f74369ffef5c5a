package dev.wskit.rooms;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Puts the parts of a binary message together under a size bound that is counted here, part by part, so the
 * container's buffer stays at {@code wskit.messageBufferSize} and a message past the bound is refused before it is all
 * in memory. Between messages it holds nothing.
 *
 * <p>Not thread-safe: one per connection, fed by the container one part at a time.
 */
final class Assembler {

    /** A message passed its bound. */
    static final class TooBig extends Exception {
        private static final long serialVersionUID = 1L;

        TooBig(String message) {
            super(message, null, false, false);
        }
    }

    private final long max;
    private final String setting;

    private byte[] bytes;
    private int length;

    /** Messages of at most {@code max} bytes; {@code setting} names the bound in the refusal. */
    Assembler(long max, String setting) {
        this.max = max;
        this.setting = setting;
    }

    /** @return the whole message on its last part, else null */
    ByteBuffer binary(ByteBuffer part, boolean last) throws TooBig {
        int n = part.remaining();
        if ((long) length + n > max) {
            bytes = null;
            throw new TooBig("binary message over " + max + " bytes (" + setting + ")");
        }
        if (bytes == null) {
            bytes = new byte[Math.max(n, Math.min(8192, (int) max))];
        } else if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(max, Math.max(length + n, 2L * bytes.length)));
        }
        part.get(bytes, length, n);
        length += n;
        if (!last) {
            return null;
        }
        ByteBuffer whole = ByteBuffer.wrap(bytes, 0, length);
        bytes = null;
        length = 0;
        return whole;
    }
}
