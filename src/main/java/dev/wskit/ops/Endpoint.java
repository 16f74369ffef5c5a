package dev.wskit.ops;

import java.util.Locale;

/** wskit's WebSocket endpoints, as the {@code endpoint} label of metrics and the connection log. Immutable. */
public enum Endpoint {
    ECHO, INSPECT, ROOMS, BOARDS;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** {@code echo}, {@code inspect}, {@code rooms}, {@code boards}. */
    public String label() {
        return label;
    }
}
