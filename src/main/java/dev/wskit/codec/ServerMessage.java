package dev.wskit.codec;

import java.util.List;
import java.util.Objects;

/**
 * What a room sends, as JSON text. Broadcasts ({@link Said}, {@link Presence}) carry the room's sequence number
 * and the server time in epoch milliseconds. Immutable.
 */
public sealed interface ServerMessage
        permits ServerMessage.Said, ServerMessage.Presence, ServerMessage.History, ServerMessage.Gap, ServerMessage.Error {

    /** {@code {"type":"say","room":"lobby","seq":7,"time":1700000000000,"nick":"alice","text":"hello"}} */
    record Said(String room, long seq, long time, String nick, String text) implements ServerMessage {
        public Said {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * {@code {"type":"presence","room":"lobby","seq":8,"time":...,"event":"join","nick":"bob"}}: someone joined or left
     * (broadcast). To the joiner alone, right after its own join, event {@code here} lists everyone present in
     * {@code members} and carries the join's {@code seq}. {@code members} is empty (and not sent) for join and leave, so
     * a join costs O(1), not O(members), per member.
     */
    record Presence(String room, long seq, long time, String event, String nick, List<String> members) implements ServerMessage {
        public Presence {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(nick, "nick");
            members = List.copyOf(members);
        }
    }

    /**
     * {@code {"type":"history","room":"lobby","since":5,"count":2,"time":...}}: the next {@code count} messages are
     * replayed from history, each exactly as first sent (its own sequence number), attachments as binary messages.
     */
    record History(String room, long since, int count, long time) implements ServerMessage {
        public History {
            Objects.requireNonNull(room, "room");
        }
    }

    /**
     * {@code {"type":"gap","room":"lobby","since":5,"first":40,"time":...}}: messages after {@code since} and before
     * {@code first} are no longer in history and are lost to this client; {@code first} is the oldest replayable one
     * (or the next to come, when history holds nothing after {@code since}).
     */
    record Gap(String room, long since, long first, long time) implements ServerMessage {
        public Gap {
            Objects.requireNonNull(room, "room");
        }
    }

    /** {@code {"type":"error","code":"bad-message","message":"...","time":...}}: a request was refused; the connection stays. */
    record Error(String code, String message, long time) implements ServerMessage {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
