package dev.wskit.rooms.redis;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.time.Duration;

/**
 * What a Redis backplane node needs to know: its timeouts and leases ({@code wskit.redis.*}) and the room limits it
 * enforces cluster-wide in Redis ({@code wskit.rooms.maxMembers}, history size and bytes, board size). Immutable.
 *
 * @param leaseTime        how long a member's claim lasts without renewal
 * @param renewInterval    how often the node renews its members' claims; less than {@code leaseTime}
 * @param commandTimeout   longest wait to connect or for one command
 * @param maxMembers       members of one room or board, across all nodes
 * @param historySize      messages a room keeps for resume
 * @param maxHistoryBytes  bytes a room's history may hold
 * @param maxBoardSize     stroke bytes a board keeps for late joiners
 * @param feedQueueMessages messages waiting to be fanned out on this node, per room; past it the node drops them and
 *                         catches up from history
 * @param feedQueueBytes   bytes waiting to be fanned out on this node, per room; same
 */
public record RedisOptions(Duration leaseTime, Duration renewInterval, Duration commandTimeout, int maxMembers,
                           int historySize, long maxHistoryBytes, long maxBoardSize, int feedQueueMessages,
                           long feedQueueBytes) {

    /** Default bound of one room's feed queue on a node, in messages. */
    public static final int FEED_QUEUE_MESSAGES = 10_000;
    /** Default bound of one room's feed queue on a node, in bytes. */
    public static final long FEED_QUEUE_BYTES = 64L * 1024 * 1024;

    public RedisOptions {
        if (renewInterval.compareTo(leaseTime) >= 0) {
            throw new IllegalArgumentException(Setting.REDIS_LEASE_RENEW_INTERVAL.key() + " (" + renewInterval.toMillis()
                    + " ms) must be less than " + Setting.REDIS_LEASE_TIME.key() + " (" + leaseTime.toMillis() + " ms)");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || maxMembers < 1 || historySize < 0
                || maxHistoryBytes < 0 || maxBoardSize < 0 || feedQueueMessages < 1 || feedQueueBytes < 1) {
            throw new IllegalArgumentException("invalid Redis backplane options: " + this);
        }
    }

    public static RedisOptions from(Settings s) {
        return new RedisOptions(Duration.ofMillis(s.get(Setting.REDIS_LEASE_TIME)),
                Duration.ofMillis(s.get(Setting.REDIS_LEASE_RENEW_INTERVAL)),
                Duration.ofMillis(s.get(Setting.REDIS_COMMAND_TIMEOUT)), s.getInt(Setting.ROOMS_MAX_MEMBERS),
                s.getInt(Setting.ROOMS_HISTORY_SIZE), s.get(Setting.ROOMS_MAX_HISTORY_BYTES),
                s.get(Setting.BOARDS_MAX_BOARD_SIZE), FEED_QUEUE_MESSAGES, FEED_QUEUE_BYTES);
    }

    public static RedisOptions defaults() {
        return from(Settings.defaults());
    }

    public RedisOptions withLease(Duration lease, Duration renew) {
        return new RedisOptions(lease, renew, commandTimeout, maxMembers, historySize, maxHistoryBytes, maxBoardSize,
                feedQueueMessages, feedQueueBytes);
    }

    public RedisOptions withLimits(int members, int history, long historyBytes, long boardSize) {
        return new RedisOptions(leaseTime, renewInterval, commandTimeout, members, history, historyBytes, boardSize,
                feedQueueMessages, feedQueueBytes);
    }

    public RedisOptions withFeedQueue(int messages, long bytes) {
        return new RedisOptions(leaseTime, renewInterval, commandTimeout, maxMembers, historySize, maxHistoryBytes,
                maxBoardSize, messages, bytes);
    }

    public RedisOptions withCommandTimeout(Duration timeout) {
        return new RedisOptions(leaseTime, renewInterval, timeout, maxMembers, historySize, maxHistoryBytes,
                maxBoardSize, feedQueueMessages, feedQueueBytes);
    }

    /** How long every key of a room or board lives without a write or renewal: two leases. */
    Duration keyTimeToLive() {
        return leaseTime.multipliedBy(2);
    }
}
