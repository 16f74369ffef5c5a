package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;

/**
 * A request a room or board turned down: either answered with an error message ({@link #close()} null) that leaves
 * the connection open, or with a close. Immutable.
 */
public final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient CloseCodes close;

    private Refused(String code, String message, CloseCodes close) {
        super(message, null, false, false);
        this.code = code;
        this.close = close;
    }

    /** Answered with an {@code error} message; the connection stays. */
    public static Refused error(String code, String message) {
        return new Refused(code, message, null);
    }

    /** Answered by closing the connection. */
    public static Refused close(CloseCodes close, String message) {
        return new Refused("closed", message, close);
    }

    /** The error message's {@code code}, e.g. {@code nick-taken}. */
    public String code() {
        return code;
    }

    /** {@code null} for an error message, else how the connection is closed. */
    public CloseCodes close() {
        return close;
    }
}
