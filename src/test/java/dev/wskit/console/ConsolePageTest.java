package dev.wskit.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.BrowserFixture;
import dev.wskit.testing.BrowserWindow;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.RecorderServer;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The console page ({@code /}) in real Chromium against wskit in embedded Jetty, and against a WebSocket server
 * that is not wskit ({@link RecorderServer}). Each test asserts what the page shows and what the server got,
 * and leaves a screenshot in {@code target/screenshots/console-<test>.png}.
 */
class ConsolePageTest {

    @RegisterExtension
    static final BrowserFixture browsers = new BrowserFixture();

    private static WskitServer server;
    private static RecorderServer other;

    private BrowserWindow page;
    private String scenario;

    @BeforeAll
    static void startServers() {
        server = WskitServer.start();
        other = RecorderServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        other.close();
        server.close();
    }

    @BeforeEach
    void name(TestInfo info) {
        scenario = "console-" + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void screenshot() {
        if (page != null) {
            page.screenshot(scenario);
        }
    }

    // ---- new WebSocket(url, protocols) ------------------------------------------------------------------------

    @Test
    void urlDefaultsToThisServersEchoWithSchemeFollowingThePage() {
        page = console();
        assertEquals(server.ws("/echo").toString(), page.value("#url"));
        Object derived = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/url.js').then((m) => done([
                  m.defaultEchoUrl({ protocol: 'https:', host: 'example.org:8443' }),
                  m.defaultEchoUrl({ protocol: 'http:', host: 'example.org' })]));
                """);
        assertEquals(List.of("wss://example.org:8443/echo", "ws://example.org/echo"), derived);
        assertNoPageErrors();
    }

    @Test
    void subprotocolsAndKnobsFromTheBuilderReachTheServer() {
        page = console();
        page.type("#url", server.ws("/inspect").toString());
        page.type("#protocols", "chat, superchat");
        page.type("[data-knob=delay]", "5");
        page.type("[data-knob=repeat]", "2");
        page.type("[data-knob=pingInterval]", "1000");
        assertEquals(server.ws("/inspect") + "?delay=5&repeat=2&pingInterval=1000", page.value("#url"));
        connect();
        assertEquals("chat", page.text("#negotiated-protocol"));

        waitForRows("message", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> handshake = (Map<String, Object>) page.script(
                "return JSON.parse(window.wskitConsole.lastReceived);");
        assertEquals("handshake", handshake.get("type"));
        assertEquals(Map.of("requested", List.of("chat", "superchat"), "negotiated", "chat"), handshake.get("subprotocols"));
        assertEquals(Map.of("delay", List.of("5"), "repeat", List.of("2"), "pingInterval", List.of("1000")),
                handshake.get("query"));

        // repeat=2: both copies of one send are matched to it.
        page.type("#text", "twice");
        page.click("#send-text");
        waitForRows("message", 3);
        List<String> details = details("message");
        assertTrue(details.get(1).contains("\"twice\" · matches sent"), details.get(1));
        assertTrue(details.get(2).contains("\"twice\" · matches sent"), details.get(2));
        assertEquals("3", page.text("#received-messages"));
        assertNoPageErrors();
    }

    // ---- readyState -------------------------------------------------------------------------------------------

    @Test
    void readyStateIndicatorFollowsEveryTransition() {
        page = console();
        assertEquals("CLOSED 3", page.text("#state"));
        connect();
        assertEquals("OPEN 1", page.text("#state"));
        page.type("#close-code", "1000");
        page.click("#close");
        waitForRows("close", 1);
        page.waitUntil(d -> page.text("#state").equals("CLOSED 3"));
        assertEquals(List.of("CONNECTING 0", "OPEN 1", "CLOSING 2", "CLOSED 3"), history());
        assertNoPageErrors();
    }

    @Test
    void unreachableServerFiresErrorThenClose1006() throws IOException {
        page = console();
        page.type("#url", "ws://127.0.0.1:" + closedPort() + "/echo");
        page.click("#connect");
        WebElement close = waitForRows("close", 1).get(0);
        assertEquals("1006", close.getDomAttribute("data-code"));
        assertEquals("false", close.getDomAttribute("data-was-clean"));
        assertEquals(List.of("connect", "error", "close"), types());
        assertEquals(List.of("CONNECTING 0", "CLOSED 3"), history());
        assertEquals("CLOSED 3", page.text("#state"));
        assertTrue(page.find("#connect").isEnabled(), "a failed connection can be retried");
        assertNoPageErrors();
    }

    // ---- messages, previews, totals ---------------------------------------------------------------------------

    @Test
    void textSentWithCtrlEnterRoundTripsAndIsShownAsTextNeverAsHtml() {
        String text = "<img src=x onerror=\"window.pwned=1\"><b>bold?</b>\tGrüße ✓\nline two";
        page = console();
        connect();
        // A tab cannot be typed into a textarea (it moves the focus), so the value is set directly.
        page.script("document.getElementById('text').value = arguments[0];", text);
        page.find("#text").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        String detail = waitForDetail(0, "matches sent");
        assertTrue(detail.startsWith("text · rtt "), detail);
        assertTrue(detail.contains(quoted(text)), detail);
        assertTrue(page.all("#log img, #log b").isEmpty(), "message data must not become markup");
        assertEquals(Boolean.FALSE, page.script("return 'pwned' in window;"));

        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        assertEquals("1", page.text("#sent-messages"));
        assertEquals(String.valueOf(bytes), page.text("#sent-bytes"));
        assertEquals("1", page.text("#received-messages"));
        assertEquals(String.valueOf(bytes), page.text("#received-bytes"));
        assertTrue(page.text("#rtt-last").endsWith(" ms"), page.text("#rtt-last"));
        assertTrue(page.text("#rtt-avg").endsWith(" ms"), page.text("#rtt-avg"));
        assertEquals(String.valueOf(bytes), rows("message").get(0).getDomAttribute("data-size"));
        assertNoPageErrors();
    }

    @Test
    void eventLogIsCappedAndDropsTheOldest() {
        page = console();
        connect();
        long cap = (Long) page.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/log.js').then((m) => done(m.LOG_CAP));
                """);
        int sends = (int) cap / 2 + 20;
        page.script("for (let i = 0; i < arguments[0]; i++) document.getElementById('send-text').click();", sends);
        page.waitUntil(d -> page.text("#received-messages").equals(String.valueOf(sends)));
        assertEquals(cap, page.all("#log li").size());
        List<String> types = types();
        assertNotEquals("connect", types.get(0), "the oldest rows are the ones dropped");
        assertEquals("message", types.get(types.size() - 1), "the newest row is kept");
        assertTrue(page.text("#log-note").contains("older events dropped"), page.text("#log-note"));
        assertNoPageErrors();
    }

    // ---- Blob, ArrayBuffer, binaryType ------------------------------------------------------------------------

    @Test
    void blobFromFilePickerRoundTripsByteExact(@TempDir Path dir) throws Exception {
        byte[] content = random(300_000, 7);
        Path file = Files.write(dir.resolve("random.bin"), content);
        page = console();
        connect();
        page.find("#file").sendKeys(file.toAbsolutePath().toString());
        page.click("#send-file");
        String detail = waitForDetail(0, "matches sent");
        assertTrue(detail.startsWith("Blob"), detail);
        assertEquals("Blob", rows("message").get(0).getDomAttribute("data-kind"));
        assertEquals(String.valueOf(content.length), rows("message").get(0).getDomAttribute("data-size"));
        assertTrue(details("sent").get(0).contains("\"random.bin\""), details("sent").get(0));
        assertEquals(sha256(content), digestOfLastReceived());
        assertNoPageErrors();
    }

    @Test
    void blobDroppedOnTheDropZoneIsSentAndArrivesAtTheServer() {
        page = console();
        page.type("#url", other.ws().toString());
        connect();
        Recorder received = other.nextConnection();
        page.script("""
                const data = new DataTransfer();
                data.items.add(new File([new Uint8Array([1, 2, 3, 250, 0, 127])], 'dropped.bin'));
                document.getElementById('drop').dispatchEvent(
                    new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
                """);
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 250, 0, 127}, received.nextBinary());
        assertTrue(details("sent").get(0).contains("Blob · dropped \"dropped.bin\""), details("sent").get(0));
        received.assertNoErrors();
        assertNoPageErrors();
    }

    @Test
    void canvasImageDataRoundTripsAsArrayBufferAndIsPaintedByteForByte() {
        page = console();
        page.click("input[name=binaryType][value=arraybuffer]");
        connect();
        WebElement pad = page.find("#pad");
        new Actions(page.driver()).moveToElement(pad, -40, -20).clickAndHold()
                .moveByOffset(30, 10).moveByOffset(40, 25).moveByOffset(20, -30).release().perform();
        assertEquals(Boolean.TRUE, page.script("""
                const d = document.getElementById('pad').getContext('2d').getImageData(0, 0, 160, 120).data;
                return d.some((v) => v !== 255);
                """), "the drag drew on the pad");
        page.click("#send-canvas");
        page.waitUntil(d -> "true".equals(page.find("#canvas-match").getDomAttribute("data-match")));
        assertEquals("Identical byte for byte: 76800 of 76800 bytes.", page.text("#canvas-match"));
        assertEquals("ArrayBuffer", rows("message").get(0).getDomAttribute("data-kind"));
        assertEquals(Boolean.TRUE, page.script("""
                const a = document.getElementById('pad').getContext('2d').getImageData(0, 0, 160, 120).data;
                const b = document.getElementById('echoed').getContext('2d').getImageData(0, 0, 160, 120).data;
                return a.length === b.length && a.every((v, i) => v === b[i]);
                """), "the echoed canvas shows the drawing");
        assertNoPageErrors();
    }

    @Test
    void binaryTypeSwitchDecidesWhetherBlobOrArrayBufferArrives() {
        page = console();
        connect();
        page.type("#gen-mib", "0.01");
        page.click("#send-generated");
        waitForDetail(0, "matches sent");
        assertEquals("Blob", rows("message").get(0).getDomAttribute("data-kind"));

        page.click("input[name=binaryType][value=arraybuffer]");
        assertEquals("arraybuffer", page.script("return window.wskitConsole.socket.binaryType;"));
        assertTrue(details("binaryType").get(0).contains("ArrayBuffer"), details("binaryType").get(0));
        page.click("#send-generated");
        waitForDetail(1, "matches sent");
        assertEquals("ArrayBuffer", rows("message").get(1).getDomAttribute("data-kind"));
        assertTrue(details("message").get(1).startsWith("ArrayBuffer"), details("message").get(1));
        assertNoPageErrors();
    }

    // ---- bufferedAmount ---------------------------------------------------------------------------------------

    @Test
    void bufferedAmountRisesDuringASixteenMebibyteSendAndReturnsToZero() {
        page = console();
        connect();
        page.type("#gen-mib", "16");
        page.click("#send-generated");
        page.waitUntil(d -> "sent".equals(page.find("#drain-status").getDomAttribute("data-state")));
        long peak = Long.parseLong(page.find("#drain").getDomAttribute("data-peak"));
        assertTrue(peak > 0, "bufferedAmount rose above 0: peak " + peak);
        assertEquals("0", page.text("#buffered"));
        assertEquals("sent ✓ 16.0 MiB", page.text("#drain-status"));
        assertEquals(peak, Math.round(Double.parseDouble(page.find("#drain").getDomProperty("value"))));
        String detail = waitForDetail(0, "matches sent");
        assertTrue(detail.startsWith("Blob"), detail);
        assertEquals(String.valueOf(16 * 1024 * 1024), rows("message").get(0).getDomAttribute("data-size"));
        assertNoPageErrors();
    }

    // ---- close(code, reason) ----------------------------------------------------------------------------------

    @Test
    void closeInputsAreValidatedExactlyAsTheBrowserValidates() {
        page = console();
        @SuppressWarnings("unchecked")
        List<String> mismatches = (List<String>) page.asyncScript("""
                const done = arguments[arguments.length - 1];
                const url = arguments[0];
                import('/console/close.js').then((m) => {
                  const cases = [['', ''], ['999', ''], ['1000', ''], ['1001', ''], ['1005', ''], ['2999', ''],
                    ['3000', ''], ['4999', ''], ['5000', ''], ['abc', ''], ['1e3', ''], ['0x0FA0', ''],
                    ['4000.5', ''], ['2999.5', ''], ['2999.6', ''], ['999.9', ''], ['4999.9', ''], ['-0.5', ''],
                    ['-1', ''], ['65536', ''], ['66536', ''], ['Infinity', ''],
                    ['1000', 'x'.repeat(123)], ['1000', 'x'.repeat(124)], ['4000', 'é'.repeat(61) + 'x'],
                    ['4000', 'é'.repeat(62)], ['1000', '✓'.repeat(41)], ['1000', '✓'.repeat(42)]];
                  const wrong = [];
                  for (const [code, reason] of cases) {
                    const mine = m.validateClose(code, reason);
                    let browser = 'ok';
                    const ws = new WebSocket(url);
                    try {
                      if (code === '') ws.close(); else ws.close(code, reason);
                    } catch (e) {
                      browser = e.name;
                    }
                    if (browser !== 'ok') ws.close();
                    const verdict = mine.ok ? 'ok' : mine.error.name;
                    if (verdict !== browser) wrong.push(`${code}/${reason.length}: page ${verdict}, browser ${browser}`);
                  }
                  done(wrong);
                });
                """, server.ws("/echo").toString());
        assertEquals(List.of(), mismatches);

        connect();
        page.type("#close-code", "999");
        assertEquals("InvalidAccessError: code 999 is not allowed: use 1000 or 3000–4999", page.text("#close-check"));
        page.click("#close");
        assertTrue(details("error").get(0).contains("InvalidAccessError"), details("error").get(0));
        page.type("#close-code", "4000");
        page.type("#close-reason", "x".repeat(124));
        assertEquals("SyntaxError: reason is 124 UTF-8 bytes: at most 123", page.text("#close-check"));
        page.click("#close");
        assertEquals("OPEN 1", page.text("#state"), "a refused close() leaves the socket open");
        page.type("#close-reason", "fine");
        assertEquals("✓ close(4000, \"fine\")", page.text("#close-check"));
        assertNoPageErrors();
    }

    @Test
    void clientCloseCarriesCodeAndReasonToTheServer() {
        page = console();
        page.type("#url", other.ws().toString());
        connect();
        Recorder received = other.nextConnection();
        page.type("#close-code", "4001");
        page.type("#close-reason", "bye now ✓");
        page.click("#close");
        received.assertClosed(4001, "bye now ✓");
        WebElement close = waitForRows("close", 1).get(0);
        assertEquals("true", close.getDomAttribute("data-was-clean"));
        assertEquals("4001", close.getDomAttribute("data-code"));
        received.assertNoErrors();
        assertNoPageErrors();
    }

    @Test
    void reasonWithoutCodeIsSentWithCode1000() {
        page = console();
        page.type("#url", other.ws().toString());
        connect();
        Recorder received = other.nextConnection();
        page.type("#close-reason", "just a reason");
        assertEquals("✓ reason only: code 1000 is sent", page.text("#close-check"));
        page.click("#close");
        received.assertClosed(1000, "just a reason");
        assertEquals("1000", waitForRows("close", 1).get(0).getDomAttribute("data-code"));
        received.assertNoErrors();
        assertNoPageErrors();
    }

    @Test
    void clientCloseToWskitIsAnsweredWithTheSameCodeAndReason() {
        page = console();
        connect();
        page.type("#close-code", "3999");
        page.type("#close-reason", "done testing");
        page.click("#close");
        WebElement close = waitForRows("close", 1).get(0);
        assertEquals("3999", close.getDomAttribute("data-code"));
        assertEquals("done testing", close.getDomAttribute("data-reason"));
        assertEquals("true", close.getDomAttribute("data-was-clean"));
        assertTrue(details("close").get(0).equals("code 3999 · reason \"done testing\" · wasClean true"),
                details("close").get(0));
        assertNoPageErrors();
    }

    @Test
    void serverCloseFromTheKnobsShowsCodeReasonAndWasClean() {
        page = console();
        page.type("[data-knob=closeAfter]", "2");
        page.type("[data-knob=closeCode]", "4000");
        page.type("[data-knob=closeReason]", "done here");
        assertEquals(server.ws("/echo") + "?closeAfter=2&closeCode=4000&closeReason=done+here", page.value("#url"));
        connect();
        page.click("#send-text");
        page.click("#send-text");
        WebElement close = waitForRows("close", 1).get(0);
        assertEquals("4000", close.getDomAttribute("data-code"));
        assertEquals("done here", close.getDomAttribute("data-reason"));
        assertEquals("true", close.getDomAttribute("data-was-clean"));
        assertEquals(2, rows("message").size(), "both messages were echoed before the close");
        page.waitUntil(d -> page.text("#state").equals("CLOSED 3"));
        assertEquals("CLOSED 3", history().get(history().size() - 1));
        assertNoPageErrors();
    }

    @Test
    void worksAgainstAServerThatIsNotWskit() throws Exception {
        page = console();
        page.type("#url", other.ws().toString());
        connect();
        Recorder received = other.nextConnection();
        page.type("#text", "hello other server");
        page.click("#send-text");
        assertEquals("hello other server", received.nextText());
        received.session().getBasicRemote().sendText("<i>pushed</i> by the server");
        String detail = waitForDetail(0, "pushed");
        assertTrue(detail.contains("\"<i>pushed</i> by the server\""), detail);
        assertTrue(detail.contains("not an echo"), "a server's own message is not claimed as an echo: " + detail);
        assertTrue(page.all("#log i").isEmpty(), "message data must not become markup");
        received.session().close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4002), "server says bye"));
        WebElement close = waitForRows("close", 1).get(0);
        assertEquals("4002", close.getDomAttribute("data-code"));
        assertEquals("server says bye", close.getDomAttribute("data-reason"));
        assertEquals("true", close.getDomAttribute("data-was-clean"));
        received.assertNoErrors();
        assertNoPageErrors();
    }

    // ---- page as a whole --------------------------------------------------------------------------------------

    @Test
    void phoneSizedScreenNeedsNoSidewaysScrolling() {
        page = browsers.open(BrowserFixture.PHONE);
        page.go(server.http("/"));
        connect();
        page.click("#send-text");
        waitForDetail(0, "matches sent");
        long innerWidth = (Long) page.script("return window.innerWidth;");
        assertTrue(innerWidth <= 420, "the window is phone-sized: " + innerWidth);
        assertEquals(Boolean.TRUE, page.script(
                "return document.documentElement.scrollWidth <= window.innerWidth;"), "no horizontal overflow");
        assertNoPageErrors();
    }

    @Test
    void pageLoadsNothingFromOutsideTheServer() {
        page = console();
        connect();
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) page.script(
                "return performance.getEntriesByType('resource').map((r) => r.name);");
        assertFalse(resources.isEmpty(), "the page's own CSS and modules are resources");
        String origin = server.http("/").toString();
        for (String resource : resources) {
            assertTrue(resource.startsWith(origin) || resource.startsWith("data:"), "outside request: " + resource);
        }
        assertNoPageErrors();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private BrowserWindow console() {
        return browsers.open().go(server.http("/"));
    }

    private void connect() {
        page.click("#connect");
        page.waitUntil(d -> page.text("#state").equals("OPEN 1"));
        waitForRows("open", 1);
    }

    private List<WebElement> rows(String type) {
        return page.all("#log li[data-type='" + type + "']");
    }

    private List<WebElement> waitForRows(String type, int count) {
        return page.waitUntil(d -> {
            List<WebElement> rows = rows(type);
            return rows.size() >= count ? rows : null;
        });
    }

    private List<String> details(String type) {
        return rows(type).stream().map(r -> r.findElement(org.openqa.selenium.By.className("detail")).getText()).toList();
    }

    /** Waits until the index-th message row's detail (filled in asynchronously) contains the fragment. */
    private String waitForDetail(int index, String fragment) {
        return page.waitUntil(d -> {
            List<String> details = details("message");
            return details.size() > index && details.get(index).contains(fragment) ? details.get(index) : null;
        });
    }

    private List<String> types() {
        return page.all("#log li").stream().map(r -> r.getDomAttribute("data-type")).toList();
    }

    private List<String> history() {
        return page.all("#state-history li").stream().map(WebElement::getText).toList();
    }

    private String digestOfLastReceived() {
        return (String) page.asyncScript("""
                const done = arguments[arguments.length - 1];
                const data = window.wskitConsole.lastReceived;
                (data instanceof Blob ? data.arrayBuffer() : Promise.resolve(data))
                  .then((b) => crypto.subtle.digest('SHA-256', b))
                  .then((h) => done(Array.from(new Uint8Array(h), (x) => x.toString(16).padStart(2, '0')).join('')));
                """);
    }

    private void assertNoPageErrors() {
        List<String> severe = page.consoleMessages().stream().filter(m -> m.contains("SEVERE"))
                // The unreachable-server test provokes the browser's own connection-refused report on purpose.
                .filter(m -> !m.contains("WebSocket connection to"))
                .toList();
        assertEquals(List.of(), severe, "errors in the browser console");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** How the log shows a text message: quoted, control characters escaped. */
    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
