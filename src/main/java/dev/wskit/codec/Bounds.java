package dev.wskit.codec;

import jakarta.websocket.EndpointConfig;

/** How a declared decoder reads its size bound from its endpoint's configuration. Stateless. */
final class Bounds {

    private Bounds() {
    }

    /**
     * The whole number of bytes under user property {@code key}, or {@code absent} when there is none.
     *
     * @throws IllegalArgumentException naming the key, when the value is not a positive whole number
     */
    static long read(EndpointConfig config, String key, long absent) {
        Object value = config == null ? null : config.getUserProperties().get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number n) || n.longValue() <= 0) {
            throw new IllegalArgumentException(key + " must be a positive whole number of bytes, not " + value);
        }
        return n.longValue();
    }
}
