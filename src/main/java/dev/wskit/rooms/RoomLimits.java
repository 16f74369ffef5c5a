package dev.wskit.rooms;

import dev.wskit.config.Setting;
import dev.wskit.config.Settings;

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
}
