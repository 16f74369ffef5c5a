package dev.wskit.codec;

import java.util.Objects;

/**
 * What a client sends a room, as JSON text: {@link Join}, {@link Say} or {@link History}. Immutable.
 */
public sealed interface ClientMessage permits ClientMessage.Join, ClientMessage.Say, ClientMessage.History {

    /** {@code {"type":"join","nick":"alice","since":41}}: enter the room; {@code since} (optional) resumes after that sequence. */
    record Join(String nick, Long since) implements ClientMessage {
        public Join {
            Objects.requireNonNull(nick, "nick");
        }
    }

    /** {@code {"type":"say","text":"hello"}}: a chat message to everyone in the room. */
    record Say(String text) implements ClientMessage {
        public Say {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code {"type":"history","since":41}}: replay what the room still holds after that sequence. */
    record History(long since) implements ClientMessage {
    }
}
