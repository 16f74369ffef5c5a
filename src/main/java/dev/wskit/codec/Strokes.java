package dev.wskit.codec;

import java.util.List;

/**
 * One binary board message: one or more {@link Stroke} records back to back. A client usually sends one stroke;
 * a late joiner receives the whole board as one message. Immutable.
 */
public record Strokes(List<Stroke> strokes) {

    public Strokes {
        strokes = List.copyOf(strokes);
    }

    public static Strokes of(Stroke... strokes) {
        return new Strokes(List.of(strokes));
    }
}
