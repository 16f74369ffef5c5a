package dev.wskit.rooms;

/**
 * A request a room or board turned down: either answered with an error message ({@link #closeCode()} 0) that leaves
 * the connection open, or with a close. Immutable.
 */
public final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Close code for a full room or server: 1008 (policy violation), with a reason naming the limit. Not 1013 (try
     * again later): Tomcat's client reports a 1013 close as 1002, so 1008 is the code every client sees as sent.
     */
    public static final int LIMIT = 1008;

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
