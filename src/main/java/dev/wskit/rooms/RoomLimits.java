package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rooms' and boards' limits, read once from {@link Settings}; {@code sendTimeout} (ms) bounds each send to a
 * member. Immutable.
 */
public record RoomLimits(int maxRooms, int maxMembers, long maxTextMessage, long maxAttachment, int historySize,
                         long maxHistoryBytes, int maxQueuedMessages, long maxQueuedBytes, long maxBoardMessage,
                         long maxBoardSize, long sendTimeout) {

    public static RoomLimits from(Settings s) {
        return new RoomLimits(s.getInt(Setting.ROOMS_MAX_ROOMS), s.getInt(Setting.ROOMS_MAX_MEMBERS),
                s.get(Setting.ROOMS_MAX_TEXT_MESSAGE_SIZE), s.get(Setting.ROOMS_MAX_ATTACHMENT_SIZE),
                s.getInt(Setting.ROOMS_HISTORY_SIZE), s.get(Setting.ROOMS_MAX_HISTORY_BYTES),
                s.getInt(Setting.ROOMS_MAX_QUEUED_MESSAGES), s.get(Setting.ROOMS_MAX_QUEUED_BYTES),
                s.get(Setting.BOARDS_MAX_MESSAGE_SIZE), s.get(Setting.BOARDS_MAX_BOARD_SIZE), s.get(Setting.SEND_TIMEOUT));
    }

    public static RoomLimits defaults() {
        return from(Settings.defaults());
    }

    public Outbox outbox(Transport transport) {
        return new Outbox(transport, maxQueuedMessages, maxQueuedBytes);
    }

    /**
     * Takes one of the {@code maxRooms} places for a new room or board, counted in {@code open}; false (and nothing
     * taken) when none is left.
     */
    public boolean reservePlace(AtomicInteger open) {
        if (open.incrementAndGet() > maxRooms) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    /** The refusal of a new room or board ({@code word}: "room" or "board") when {@code maxRooms} are open. */
    public Refused tooMany(String word) {
        return Refused.close(CloseCodes.TOO_MANY_ROOMS, "this server has its limit of " + maxRooms + " " + word
                + "s open (wskit.rooms.maxRooms)");
    }
}
