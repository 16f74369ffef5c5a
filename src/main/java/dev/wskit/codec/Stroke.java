package dev.wskit.codec;

import java.util.Arrays;

/**
 * One record of a shared board: a polyline ({@link Kind#LINE}) or a {@link Kind#CLEAR} that wipes the board.
 * Coordinates are board units, 0 to 65535 on each axis, scaled by each client to its canvas. A client sends
 * {@code seq = 0}; the board numbers records before broadcasting. Immutable.
 *
 * @param rgba   colour as 0xRRGGBBAA
 * @param width  line width in canvas pixels, 1 to 255
 * @param points x0, y0, x1, y1, ... each 0..65535; empty for CLEAR
 */
public record Stroke(Kind kind, long seq, int rgba, int width, int[] points) {

    public enum Kind {
        LINE('L'), CLEAR('C');

        final byte tag;

        Kind(char tag) {
            this.tag = (byte) tag;
        }
    }

    public Stroke {
        points = points.clone();
    }

    public static Stroke clear() {
        return new Stroke(Kind.CLEAR, 0, 0, 0, new int[0]);
    }

    public static Stroke line(int rgba, int width, int... points) {
        return new Stroke(Kind.LINE, 0, rgba, width, points);
    }

    @Override
    public int[] points() {
        return points.clone();
    }

    public int pointCount() {
        return points.length / 2;
    }

    public Stroke numbered(long seq) {
        return new Stroke(kind, seq, rgba, width, points);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stroke s && s.kind == kind && s.seq == seq && s.rgba == rgba && s.width == width
                && Arrays.equals(s.points, points);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(points) * 31 + Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return "Stroke[" + kind + " #" + seq + " " + Integer.toHexString(rgba) + " w" + width + " " + pointCount() + " points]";
    }
}
