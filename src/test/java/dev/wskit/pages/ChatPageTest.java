package dev.wskit.pages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.testing.BrowserFixture;
import dev.wskit.testing.BrowserWindow;
import dev.wskit.testing.Clients;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.RedisServer;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.Session;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The chat page ({@code /chat.html}) in two independent Chromium windows (two users) against wskit in embedded
 * Jetty, with a Jakarta client in the room where the server's side of things must be checked. Each test leaves
 * screenshots of its windows in {@code target/screenshots/chat-<test>-<window>.png}.
 */
class ChatPageTest {

    @RegisterExtension
    static final BrowserFixture browsers = new BrowserFixture();

    private static final Map<Map<String, String>, WskitServer> SERVERS = new HashMap<>();
    private static final AtomicInteger ROOMS = new AtomicInteger();

    private final Map<String, BrowserWindow> windows = new java.util.LinkedHashMap<>();
    private String scenario;
    private String room;

    @BeforeEach
    void name(TestInfo info) {
        scenario = "chat-" + info.getTestMethod().orElseThrow().getName();
        room = "chat" + ROOMS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    @AfterEach
    void screenshots() {
        windows.forEach((nick, w) -> w.screenshot(scenario + "-" + nick));
    }

    @AfterAll
    static void stop() throws Exception {
        for (WskitServer s : SERVERS.values()) {
            s.close();
        }
        SERVERS.clear();
    }

    private static WskitServer server(Map<String, String> settings) {
        return SERVERS.computeIfAbsent(settings, WskitServer::start);
    }

    /** A new browser (its own profile) on the chat page, joined to this test's room as nick. */
    private BrowserWindow joined(WskitServer server, String nick) {
        BrowserWindow w = browsers.open().go(server.http("/chat.html"));
        windows.put(nick, w);
        w.type("#room", room).type("#nick", nick).click("#join");
        w.waitUntil(d -> members(w).contains(nick));
        return w;
    }

    private static List<String> members(BrowserWindow w) {
        return texts(w, "#members li");
    }

    private static List<String> said(BrowserWindow w) {
        return texts(w, "#messages .msg-say .text");
    }

    /** Texts of the matching elements, read in one script: the page may replace them between two WebDriver calls. */
    @SuppressWarnings("unchecked")
    private static List<String> texts(BrowserWindow w, String css) {
        return (List<String>) w.script(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent)", css);
    }

    private static void say(BrowserWindow w, String text) {
        w.type("#say-text", text).click("#say");
    }

    private static void waitForSaid(BrowserWindow w, List<String> expected) {
        w.waitUntil(d -> said(w).equals(expected));
    }

    private static void leave(BrowserWindow w) {
        w.click("#leave");
        w.waitUntil(d -> w.text("#state").equals("not connected"));
    }

    /** The bytes behind a received attachment's object URL, read back inside the page. */
    private static byte[] bytesAt(BrowserWindow w, String url) {
        String b64 = (String) w.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer()).then(buf => {
                  let s = '';
                  for (const b of new Uint8Array(buf)) s += String.fromCharCode(b);
                  done(btoa(s));
                }).catch(e => done('ERROR ' + e));
                """, url);
        assertTrue(!b64.startsWith("ERROR"), b64);
        return Base64.getDecoder().decode(b64);
    }

    private static void assertNoPageErrors(BrowserWindow w) {
        List<String> severe = w.consoleMessages().stream().filter(m -> m.contains("SEVERE")).toList();
        assertEquals(List.of(), severe, "errors in the browser console");
    }

    @Test
    void twoWindowsSeeEachOthersMessagesAndPresence() {
        WskitServer server = server(Map.of());
        BrowserWindow alice = joined(server, "alice");
        BrowserWindow bob = joined(server, "bob");
        alice.waitUntil(d -> members(alice).equals(List.of("alice", "bob")));
        assertEquals(List.of("alice", "bob"), members(bob), "bob's 'here' lists everyone in joining order");
        alice.waitUntil(d -> texts(alice, "#messages .msg-presence .text").contains("bob joined"));

        String markup = "<b>bold</b> & <img src=x onerror=alert(1)> é😀";
        say(bob, markup);
        say(alice, "hello bob");
        waitForSaid(alice, List.of(markup, "hello bob"));
        waitForSaid(bob, List.of(markup, "hello bob"));
        assertEquals(0, alice.all("#messages b, #messages img").size(), "user text is rendered as text, never markup");
        List<String> nicks = texts(alice, "#messages .msg-say .nick");
        assertEquals(List.of("bob", "alice"), nicks);

        leave(bob);
        alice.waitUntil(d -> members(alice).equals(List.of("alice")));
        alice.waitUntil(d -> texts(alice, "#messages .msg-presence .text").contains("bob left"));
        assertTrue(bob.text("#status").contains("closed 1000"), bob.text("#status"));
        assertNoPageErrors(alice);
        assertNoPageErrors(bob);
    }

    @Test
    void anAttachmentSentByOneIsReceivedByteExactByTheOther(@TempDir Path dir) throws Exception {
        WskitServer server = server(Map.of());
        BrowserWindow alice = joined(server, "alice");
        BrowserWindow bob = joined(server, "bob");
        Recorder observer = new Recorder();
        Session watcher = Clients.connect(observer, server.ws("/rooms/" + room));
        watcher.getBasicRemote().sendText("{\"type\":\"join\",\"nick\":\"watcher\"}");
        bob.waitUntil(d -> members(bob).contains("watcher"));

        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) {
            for (int y = 0; y < 30; y++) {
                image.setRGB(x, y, x < 20 ? 0xD03030 : 0x3050D0);
            }
        }
        Path png = dir.resolve("flag.png");
        ImageIO.write(image, "png", png.toFile());
        byte[] pngBytes = Files.readAllBytes(png);
        byte[] binBytes = new byte[50_000];
        new Random(4).nextBytes(binBytes);
        Path bin = dir.resolve("data \u00e9.bin");
        Files.write(bin, binBytes);

        for (Path file : List.of(png, bin)) {
            alice.find("#attach-file").sendKeys(file.toAbsolutePath().toString());
            alice.click("#attach");
            alice.waitUntil(d -> alice.value("#attach-file").isEmpty());
        }
        bob.waitUntil(d -> bob.all("#messages .msg-attachment").size() == 2);

        WebElement image1 = bob.find("#messages .msg-attachment img.inline-image");
        bob.waitUntil(d -> (Boolean) bob.script("return arguments[0].complete && arguments[0].naturalWidth === 40", image1));
        assertArrayEquals(pngBytes, bytesAt(bob, image1.getDomAttribute("src")), "image shown inline, byte-exact");
        List<WebElement> links = bob.all("#messages .msg-attachment a.file");
        assertEquals("flag.png", links.get(0).getDomAttribute("download"));
        assertEquals("data \u00e9.bin", links.get(1).getDomAttribute("download"));
        assertEquals(1, bob.all("#messages .msg-attachment img").size(), "only the image is shown inline");
        assertArrayEquals(binBytes, bytesAt(bob, links.get(1).getDomAttribute("href")), "file offered for download, byte-exact");

        AttachmentDecoder decoder = new AttachmentDecoder(1 << 20);
        Attachment first = decoder.decode(ByteBuffer.wrap(observer.nextBinary()));
        Attachment second = decoder.decode(ByteBuffer.wrap(observer.nextBinary()));
        assertEquals(List.of("alice", "image/png", "flag.png"), List.of(first.sender(), first.mediaType(), first.name()));
        assertArrayEquals(pngBytes, first.bytes());
        assertEquals(List.of("alice", "data \u00e9.bin"), List.of(second.sender(), second.name()));
        assertArrayEquals(binBytes, second.bytes());
        assertEquals(first.seq() + 1, second.seq());
        List<String> seqs = bob.all("#messages .msg-attachment").stream().map(e -> e.getDomAttribute("data-seq")).toList();
        assertEquals(List.of(Long.toString(first.seq()), Long.toString(second.seq())), seqs);
        watcher.close();
        observer.awaitClose();
        observer.assertNoErrors();
        assertNoPageErrors(bob);
    }

    @Test
    void resumeAfterAReconnectShowsExactlyTheMissedMessages() {
        WskitServer server = server(Map.of());
        BrowserWindow alice = joined(server, "alice");
        BrowserWindow bob = joined(server, "bob");
        say(alice, "before");
        waitForSaid(bob, List.of("before"));
        leave(bob);
        alice.waitUntil(d -> members(alice).equals(List.of("alice")));
        for (int i = 1; i <= 3; i++) {
            say(alice, "missed " + i);
        }
        waitForSaid(alice, List.of("before", "missed 1", "missed 2", "missed 3"));

        bob.click("#join");
        waitForSaid(bob, List.of("before", "missed 1", "missed 2", "missed 3"));
        bob.waitUntil(d -> members(bob).equals(List.of("alice", "bob")));
        say(alice, "live");
        waitForSaid(bob, List.of("before", "missed 1", "missed 2", "missed 3", "live"));
        assertEquals(0, bob.all("#messages .msg-gap").size(), "nothing was lost, so no gap");
        List<Long> seqs = bob.all("#messages [data-seq]").stream().map(e -> Long.parseLong(e.getDomAttribute("data-seq")))
                .toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "each message shown once, in order: " + seqs);
        }
        assertEquals(bob.text("#last-seq"), Long.toString(seqs.get(seqs.size() - 1)));
        assertTrue(texts(bob, "#messages .msg-notice .text").stream()
                .anyMatch(t -> t.startsWith("replaying 4 message(s)")), "bob's leave and the three missed");
        assertNoPageErrors(bob);
    }

    @Test
    void resumeBeyondHistoryShowsAVisibleGapNotice() {
        WskitServer server = server(Map.of("wskit.rooms.historySize", "3"));
        BrowserWindow alice = joined(server, "alice");
        BrowserWindow bob = joined(server, "bob");
        leave(bob);
        alice.waitUntil(d -> members(alice).equals(List.of("alice")));
        for (int i = 1; i <= 6; i++) {
            say(alice, "m" + i);
        }
        waitForSaid(alice, List.of("m1", "m2", "m3", "m4", "m5", "m6"));
        bob.click("#join");
        bob.waitUntil(d -> members(bob).equals(List.of("alice", "bob")));
        assertEquals(List.of("m4", "m5", "m6"), said(bob), "only what history still holds, in order");
        WebElement gap = bob.find("#messages .msg-gap .text");
        assertTrue(gap.isDisplayed());
        // bob saw up to his own join (alice 1, bob 2); his leave was 3, m1 to m6 are 4 to 9; history holds 7 to 9.
        assertTrue(gap.getText().startsWith("Gap: messages #3 to #6 "), gap.getText());
        assertNoPageErrors(bob);
    }

    @Test
    void errorsAndCloseCodesAreShown(@TempDir Path dir) throws Exception {
        WskitServer server = server(Map.of("wskit.rooms.maxAttachmentSize", "2048"));
        BrowserWindow alice = joined(server, "alice");
        BrowserWindow copycat = browsers.open().go(server.http("/chat.html"));
        windows.put("copycat", copycat);
        copycat.type("#room", room).type("#nick", "alice").click("#join");
        copycat.waitUntil(d -> copycat.text("#status").startsWith("error nick-taken"));
        assertTrue(copycat.text("#status").contains("already in room"), copycat.text("#status"));

        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[4096]);
        alice.find("#attach-file").sendKeys(big.toAbsolutePath().toString());
        alice.click("#attach");
        alice.waitUntil(d -> alice.text("#status").startsWith("closed 1009"));
        assertTrue(alice.text("#status").contains("wskit.rooms.maxAttachmentSize"), alice.text("#status"));
        assertEquals("not connected", alice.text("#state"));
        assertEquals(1, alice.all("#messages .msg-close").size());
    }

    @Test
    void membersOnTwoNodesOfOneRedisShareTheRoomAndAResumeAfterTheRoomRestartedSaysSo() throws Exception {
        try (RedisServer redis = RedisServer.start();
                WskitServer one = WskitServer.start(Map.of("wskit.backplane", redis.uri()));
                WskitServer two = WskitServer.start(Map.of("wskit.backplane", redis.uri()))) {
            BrowserWindow alice = joined(one, "alice");
            BrowserWindow bob = joined(two, "bob");
            alice.waitUntil(d -> members(alice).equals(List.of("alice", "bob")));
            assertEquals(List.of("alice", "bob"), members(bob));
            say(alice, "hello bob");
            waitForSaid(bob, List.of("hello bob"));
            say(bob, "hello alice");
            waitForSaid(alice, List.of("hello bob", "hello alice"));
            leave(bob);
            alice.waitUntil(d -> members(alice).equals(List.of("alice")));
            leave(alice); // the room ends: its numbering is gone

            // A new room of the same name numbers past bob's last number (4): only the epoch tells them apart.
            BrowserWindow carol = joined(one, "carol");
            List<String> fresh = List.of("c1", "c2", "c3", "c4", "c5");
            for (String text : fresh) {
                say(carol, text);
            }
            waitForSaid(carol, fresh);
            bob.click("#join");
            bob.waitUntil(d -> members(bob).equals(List.of("carol", "bob")));
            List<String> all = new java.util.ArrayList<>(List.of("hello bob", "hello alice"));
            all.addAll(fresh);
            waitForSaid(bob, all);
            WebElement gap = bob.find("#messages .msg-gap .text");
            assertTrue(gap.getText().startsWith("Gap: the room restarted since #4"), gap.getText());
            assertNoPageErrors(bob);
            assertNoPageErrors(carol);
        }
    }

    @Test
    void fitsAPhoneScreen() {
        WskitServer server = server(Map.of());
        BrowserWindow phone = browsers.open(BrowserFixture.PHONE).go(server.http("/chat.html"));
        windows.put("phone", phone);
        phone.type("#room", room).type("#nick", "pocket").click("#join");
        phone.waitUntil(d -> members(phone).equals(List.of("pocket")));
        say(phone, "a fairly long line of text that has to wrap on a narrow screen instead of scrolling sideways");
        waitForSaid(phone, List.of("a fairly long line of text that has to wrap on a narrow screen instead of scrolling sideways"));
        Boolean fits = (Boolean) phone.script("return document.documentElement.scrollWidth <= innerWidth");
        assertTrue(fits, "no sideways scrolling at " + BrowserFixture.PHONE);
    }
}
