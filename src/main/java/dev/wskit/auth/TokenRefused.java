package dev.wskit.auth;

/**
 * Why a token was not accepted: one {@link Reason} and a one-line message a person can act on. The message never
 * holds the token, only claim values (clipped, control characters removed). Immutable.
 */
public final class TokenRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of refusal, each with the short code logs and metrics use. */
    public enum Reason {
        MISSING("missing"),
        MALFORMED("malformed"),
        BAD_SIGNATURE("bad-signature"),
        EXPIRED("expired"),
        NOT_YET_VALID("not-yet-valid"),
        WRONG_AUDIENCE("wrong-audience"),
        WRONG_ISSUER("wrong-issuer");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public TokenRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
