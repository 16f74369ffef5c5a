package dev.wskit.client;

/** What happens during {@code connect}: input from the user, or an event of the connection. Immutable. */
public sealed interface ConnectEvent {

    /** A line typed or piped in. */
    record Line(String text) implements ConnectEvent {
    }

    /** End of standard input. */
    record EndOfInput() implements ConnectEvent {
    }

    record Text(String text) implements ConnectEvent {
    }

    record Binary(byte[] data) implements ConnectEvent {
    }

    record Pong(byte[] data) implements ConnectEvent {
    }

    record Closed(int code, String reason) implements ConnectEvent {
    }

    record Error(Throwable failure) implements ConnectEvent {
    }

    /** {@code rooms}: a decoded room message. */
    record Room(dev.wskit.codec.ServerMessage message) implements ConnectEvent {
    }

    /** {@code rooms}: an attachment broadcast in the room. */
    record RoomAttachment(dev.wskit.codec.Attachment attachment) implements ConnectEvent {
    }
}
