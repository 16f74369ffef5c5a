package dev.wskit.codec;

/** UTF-8 arithmetic without encoding: how wskit counts text against its byte limits. Stateless. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The number of bytes {@code s} takes in UTF-8. A surrogate pair counts 4; a lone surrogate counts 3, as the
     * replacement character it is encoded to.
     */
    public static long length(CharSequence s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
