package dev.wskit.client.connect;

/** What {@code connect} receives on a connection. Immutable. */
sealed interface Incoming {

    record Text(String text) implements Incoming {
    }

    record Binary(byte[] data) implements Incoming {
    }

    record Pong(byte[] data) implements Incoming {
    }
}
