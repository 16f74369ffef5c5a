package dev.wskit.rooms;

import dev.wskit.codec.Utf8;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Puts message parts together under a size bound that is counted here, part by part, so the container's buffer
 * stays at {@code wskit.messageBufferSize} and a message past the bound is refused before it is all in memory.
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

    private final long maxText;
    private final long maxBinary;
    private final String textSetting;
    private final String binarySetting;

    private StringBuilder text;
    private long textSize;
    private byte[] bytes;
    private int length;

    Assembler(long maxText, String textSetting, long maxBinary, String binarySetting) {
        this.maxText = maxText;
        this.textSetting = textSetting;
        this.maxBinary = maxBinary;
        this.binarySetting = binarySetting;
    }

    /** @return the whole message on its last part, else null */
    String text(String part, boolean last) throws TooBig {
        textSize += Utf8.length(part);
        if (textSize > maxText) {
            text = null;
            throw new TooBig("text message over " + maxText + " bytes (" + textSetting + ")");
        }
        if (last && text == null) {
            textSize = 0;
            return part;
        }
        text = text == null ? new StringBuilder(part) : text.append(part);
        if (!last) {
            return null;
        }
        String whole = text.toString();
        text = null;
        textSize = 0;
        return whole;
    }

    /** @return the whole message on its last part, else null */
    ByteBuffer binary(ByteBuffer part, boolean last) throws TooBig {
        int n = part.remaining();
        if ((long) length + n > maxBinary) {
            bytes = null;
            throw new TooBig("binary message over " + maxBinary + " bytes (" + binarySetting + ")");
        }
        if (bytes == null) {
            bytes = new byte[Math.max(n, Math.min(8192, (int) maxBinary))];
        } else if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(maxBinary, Math.max(length + n, 2L * bytes.length)));
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
