package dev.wskit.rooms.redis;

/**
 * Redis could not be reached, did not answer within {@code wskit.redis.commandTimeout}, or refused the command: the
 * operation did not happen (or its outcome is unknown) and the caller should say so, e.g. refuse a join with an
 * {@code error} or close a member with a reason, instead of waiting. The message names the Redis address (never its
 * password) and what went wrong. Immutable.
 */
public final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
