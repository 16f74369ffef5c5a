package dev.wskit.pages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Stroke;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesDecoder;
import dev.wskit.testing.BrowserFixture;
import dev.wskit.testing.BrowserWindow;
import dev.wskit.testing.Clients;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.interactions.Actions;

/**
 * The draw page ({@code /draw.html}) in independent Chromium windows against wskit in embedded Jetty: strokes
 * drawn with the mouse (pointer events) in one window are painted in the others, a late joiner gets the board, and
 * a Jakarta client on the same board checks the records on the wire. Screenshots in
 * {@code target/screenshots/draw-<test>-<window>.png}.
 */
class DrawPageTest {

    @RegisterExtension
    static final BrowserFixture browsers = new BrowserFixture();

    private static final AtomicInteger BOARDS = new AtomicInteger();
    private static final int RED = 0xE0201CFF;
    private static WskitServer server;

    private final Map<String, BrowserWindow> windows = new LinkedHashMap<>();
    private String scenario;
    private String board;

    @BeforeAll
    static void start() {
        server = WskitServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void name(TestInfo info) {
        scenario = "draw-" + info.getTestMethod().orElseThrow().getName();
        board = "board" + BOARDS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    @AfterEach
    void screenshots() {
        windows.forEach((name, w) -> w.screenshot(scenario + "-" + name));
    }

    private BrowserWindow connected(String name) {
        BrowserWindow w = browsers.open().go(server.http("/draw.html"));
        windows.put(name, w);
        w.type("#board", board).click("#connect");
        w.waitUntil(d -> w.text("#state").equals("connected") && !w.text("#board-seq").equals("–"));
        return w;
    }

    private static int strokes(BrowserWindow w) {
        return Integer.parseInt(w.text("#stroke-count"));
    }

    /** RGBA of one pixel of the board canvas, in canvas pixels. */
    @SuppressWarnings("unchecked")
    private static List<Long> pixel(BrowserWindow w, int x, int y) {
        return (List<Long>) w.script("""
                const c = document.getElementById('board-canvas');
                return Array.from(c.getContext('2d').getImageData(arguments[0], arguments[1], 1, 1).data);
                """, x, y);
    }

    private static boolean isRed(List<Long> rgba) {
        return rgba.get(0) > 180 && rgba.get(1) < 80 && rgba.get(2) < 80 && rgba.get(3) > 200;
    }

    private static void pen(BrowserWindow w, String colour, int width) {
        w.script("""
                const c = document.getElementById('colour'); c.value = arguments[0];
                const r = document.getElementById('width'); r.value = arguments[1];
                r.dispatchEvent(new Event('input'));
                """, colour, width);
    }

    /** Drags the mouse across the preview canvas, offsets in CSS pixels from its centre. */
    private static void drag(BrowserWindow w, int... offsets) {
        Actions a = new Actions(w.driver());
        for (int i = 0; i < offsets.length; i += 2) {
            int[] at = viewportPoint(w, offsets[i], offsets[i + 1]);
            a.moveToLocation(at[0], at[1]);
            if (i == 0) {
                a.clickAndHold();
            }
        }
        a.release().perform();
    }

    /** Viewport coordinates of a CSS offset from the canvas's centre, after scrolling the whole canvas into view. */
    private static int[] viewportPoint(BrowserWindow w, int dx, int dy) {
        @SuppressWarnings("unchecked")
        List<Number> p = (List<Number>) w.script("""
                const c = document.getElementById('preview');
                c.scrollIntoView({ block: 'center', inline: 'center' });
                const r = c.getBoundingClientRect();
                return [Math.round(r.left + r.width / 2 + arguments[0]), Math.round(r.top + r.height / 2 + arguments[1])];
                """, dx, dy);
        return new int[] {p.get(0).intValue(), p.get(1).intValue()};
    }

    /** Canvas pixel under a CSS offset from the canvas's centre. */
    private static int[] canvasPoint(BrowserWindow w, int dx, int dy) {
        @SuppressWarnings("unchecked")
        List<Number> p = (List<Number>) w.script("""
                const c = document.getElementById('board-canvas'), r = c.getBoundingClientRect();
                return [Math.round((r.width / 2 + arguments[0]) / r.width * c.width),
                        Math.round((r.height / 2 + arguments[1]) / r.height * c.height)];
                """, dx, dy);
        return new int[] {p.get(0).intValue(), p.get(1).intValue()};
    }

    @Test
    void strokesDrawnInOneWindowArePaintedInTheOtherAndSentAsLineRecords() throws Exception {
        BrowserWindow alice = connected("alice");
        BrowserWindow bob = connected("bob");
        Recorder observer = new Recorder();
        Session watcher = Clients.connect(observer, server.ws("/boards/" + board));
        StrokesDecoder decoder = new StrokesDecoder(1 << 20);
        assertEquals(Stroke.Kind.CLEAR, decoder.decode(ByteBuffer.wrap(observer.nextBinary())).strokes().get(0).kind(),
                "an empty board arrives as a clear");

        pen(alice, "#e0201c", 9);
        drag(alice, -150, 0, -50, 0, 50, 0, 150, 0);
        bob.waitUntil(d -> strokes(bob) == 1);
        alice.waitUntil(d -> strokes(alice) == 1);

        Strokes wire = decoder.decode(ByteBuffer.wrap(observer.nextBinary()));
        assertEquals(1, wire.strokes().size());
        Stroke line = wire.strokes().get(0);
        assertEquals(Stroke.Kind.LINE, line.kind());
        assertEquals(RED, line.rgba(), Integer.toHexString(line.rgba()));
        assertEquals(9, line.width());
        int[] pts = line.points();
        assertTrue(pts.length >= 4, "a line of several points");
        assertTrue(pts[0] < 32768 && pts[pts.length - 2] > 32768, "left to right across the middle: " + line);
        int y = pts[1];
        assertTrue(Math.abs(y - 32768) < 1200, "at half height in board units: " + y);
        assertEquals(bob.text("#board-seq"), Long.toString(line.seq()));

        int[] middle = canvasPoint(bob, 0, 0);
        int[] left = canvasPoint(bob, -100, 0);
        for (BrowserWindow w : List.of(alice, bob)) {
            assertTrue(isRed(pixel(w, middle[0], middle[1])), "painted at the centre: " + pixel(w, middle[0], middle[1]));
            assertTrue(isRed(pixel(w, left[0], left[1])), "painted along the line");
            assertEquals(0L, pixel(w, middle[0], middle[1] + 60).get(3), "and nowhere else");
        }
        watcher.close();
        observer.awaitClose();
        observer.assertNoErrors();
    }

    @Test
    void aLateJoinerSeesTheStrokesAlreadyOnTheBoard() {
        BrowserWindow alice = connected("alice");
        pen(alice, "#e0201c", 12);
        drag(alice, -200, -100, 0, -100, 200, -100);
        drag(alice, -200, 100, 200, 100);
        pen(alice, "#1f6feb", 6);
        drag(alice, -330, -200, -290, -120, -330, -40, -290, 40, -330, 120);
        alice.waitUntil(d -> strokes(alice) == 3);

        BrowserWindow late = connected("late");
        late.waitUntil(d -> strokes(late) == 3);
        assertEquals(alice.text("#board-seq"), late.text("#board-seq"));
        int[] top = canvasPoint(late, 0, -100);
        int[] bottom = canvasPoint(late, 0, 100);
        assertTrue(isRed(pixel(late, top[0], top[1])), "first stroke painted");
        assertTrue(isRed(pixel(late, bottom[0], bottom[1])), "second stroke painted");
        assertEquals(0L, pixel(late, top[0], top[1] + 100).get(3), "between them, nothing");
        int[] zig = canvasPoint(late, -290, 40);
        List<Long> blue = pixel(late, zig[0], zig[1]);
        assertTrue(blue.get(2) > 180 && blue.get(0) < 80, "third stroke, in its own colour: " + blue);
    }

    @Test
    void clearWipesTheBoardForEveryone() {
        BrowserWindow alice = connected("alice");
        BrowserWindow bob = connected("bob");
        pen(alice, "#e0201c", 10);
        drag(alice, -100, 0, 100, 0);
        bob.waitUntil(d -> strokes(bob) == 1);
        int[] middle = canvasPoint(bob, 0, 0);
        assertTrue(isRed(pixel(bob, middle[0], middle[1])));
        bob.click("#clear");
        alice.waitUntil(d -> strokes(alice) == 0);
        bob.waitUntil(d -> strokes(bob) == 0);
        for (BrowserWindow w : List.of(alice, bob)) {
            assertArrayEquals(new long[] {0, 0, 0, 0},
                    pixel(w, middle[0], middle[1]).stream().mapToLong(Long::longValue).toArray(), "wiped");
        }
    }

    @Test
    void fitsAPhoneScreen() {
        BrowserWindow phone = browsers.open(BrowserFixture.PHONE).go(server.http("/draw.html"));
        windows.put("phone", phone);
        phone.type("#board", board).click("#connect");
        phone.waitUntil(d -> phone.text("#state").equals("connected"));
        Boolean fits = (Boolean) phone.script("return document.documentElement.scrollWidth <= innerWidth");
        assertTrue(fits, "no sideways scrolling at " + BrowserFixture.PHONE);
        Number width = (Number) phone.script("return document.getElementById('preview').getBoundingClientRect().width");
        assertTrue(width.intValue() > 300, "the canvas uses the screen's width: " + width);
    }
}
