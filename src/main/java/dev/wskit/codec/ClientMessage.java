package dev.wskit.codec;

import java.util.Objects;

/**
 * What a client sends a room, as JSON text: {@link Join}, {@link Say} or {@link History}; and, on the server's side
 * only, {@link Unreadable}, a text message that is none of them. Immutable.
 */
public sealed interface ClientMessage
        permits ClientMessage.Join, ClientMessage.Say, ClientMessage.History, ClientMessage.Unreadable {

    /**
     * {@code {"type":"join","nick":"alice","since":41,"epoch":"9f86d081884c7d65"}}: enter the room; {@code since}
     * (optional) resumes after that sequence number of numbering {@code epoch} (optional, as the room's {@code here},
     * {@code history} or {@code gap} last named it): another epoch means the numbering restarted.
     */
    record Join(String nick, Long since, String epoch) implements ClientMessage {
        public Join {
            Objects.requireNonNull(nick, "nick");
        }

        public Join(String nick, Long since) {
            this(nick, since, null);
        }
    }

    /** {@code {"type":"say","text":"hello"}}: a chat message to everyone in the room. */
    record Say(String text) implements ClientMessage {
        public Say {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * {@code {"type":"history","since":41,"epoch":"..."}}: replay what the room still holds after that sequence of
     * numbering {@code epoch} (optional; another epoch: all of history, after a restarted gap).
     */
    record History(long since, String epoch) implements ClientMessage {
        public History(long since) {
            this(since, null);
        }
    }

    /**
     * A text message that is not a client message, as {@link ClientMessageDecoder.Total} hands it to a server
     * endpoint: {@code reason} is the strict decoder's, {@code tooBig} says it is over the bound. Never sent: the
     * encoder refuses it.
     */
    record Unreadable(String reason, boolean tooBig) implements ClientMessage {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
