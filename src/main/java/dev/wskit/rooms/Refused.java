package dev.wskit.rooms;

/**
 * A request a room or board turned down: either answered with an error message ({@link #closeCode()} 0) that leaves
 * the connection open, or with a close. Immutable.
 */
public final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    /** Close code for a limit that may clear later: try again later. */
    public static final int TRY_AGAIN_LATER = 1013;

    private final String code;
    private final int closeCode;

    private Refused(String code, String message, int closeCode) {
        super(message, null, false, false);
        this.code = code;
        this.closeCode = closeCode;
    }

    /** Answered with an {@code error} message; the connection stays. */
    public static Refused error(String code, String message) {
        return new Refused(code, message, 0);
    }

    /** Answered by closing the connection. */
    public static Refused close(int closeCode, String message) {
        return new Refused("closed", message, closeCode);
    }

    /** The error message's {@code code}, e.g. {@code nick-taken}. */
    public String code() {
        return code;
    }

    /** 0 for an error message, else the close code. */
    public int closeCode() {
        return closeCode;
    }
}
