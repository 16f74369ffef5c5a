package dev.wskit.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.BrowserFixture;
import dev.wskit.testing.BrowserWindow;
import dev.wskit.testing.WskitServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
import org.openqa.selenium.WebElement;

/**
 * The classic browser WebSocket tutorial (阮一峰, "WebSocket 教程": readyState, onopen/onmessage/onclose, onerror,
 * send of text, Blob and canvas ImageData, binaryType, bufferedAmount, hello world), each snippet run verbatim on
 * {@code /tutorial.html} against wskit's {@code /echo}, only {@code wss://echo.websocket.org} replaced. Asserts
 * the snippet's own console.log lines and what the page observed of the echo. Screenshots:
 * {@code target/screenshots/tutorial-<test>.png}.
 */
class TutorialSnippetsTest {

    /**
     * The tutorial's code blocks as published, whitespace collapsed (the copy we have lost its line breaks; the
     * page keeps the original layout). binaryType's block is split in its two halves on the page.
     */
    static final Map<String, String> TUTORIAL = new LinkedHashMap<>();

    static {
        TUTORIAL.put("readystate", "switch (ws.readyState) { case WebSocket.CONNECTING: // do something break; "
                + "case WebSocket.OPEN: // do something break; case WebSocket.CLOSING: // do something break; "
                + "case WebSocket.CLOSED: // do something break; default: // this never happens break; }");
        String hello = "var ws = new WebSocket(\"wss://echo.websocket.org\"); ws.onopen = function(evt) { "
                + "console.log(\"Connection open ...\"); ws.send(\"Hello WebSockets!\"); }; ws.onmessage = "
                + "function(evt) { console.log( \"Received Message: \" + evt.data); ws.close(); }; ws.onclose = "
                + "function(evt) { console.log(\"Connection closed.\"); };";
        TUTORIAL.put("events", hello);
        TUTORIAL.put("onerror", "socket.onerror = function(event) { // handle error event }; "
                + "socket.addEventListener(\"error\", function(event) { // handle error event });");
        TUTORIAL.put("send-text", "ws.send('your message');");
        TUTORIAL.put("send-blob", "var file = document.querySelector('input[type=\"file\"]').files[0]; ws.send(file);");
        TUTORIAL.put("send-arraybuffer", "// Sending canvas ImageData as ArrayBuffer var img = "
                + "canvas_context.getImageData(0, 0, 400, 320); var binary = new Uint8Array(img.data.length); "
                + "for (var i = 0; i < img.data.length; i++) { binary[i] = img.data[i]; } ws.send(binary.buffer);");
        TUTORIAL.put("binarytype-blob", "// 收到的是 blob 数据 ws.binaryType = \"blob\"; ws.onmessage = function(e) { "
                + "console.log(e.data.size); };");
        TUTORIAL.put("binarytype-arraybuffer", "// 收到的是 ArrayBuffer 数据 ws.binaryType = \"arraybuffer\"; "
                + "ws.onmessage = function(e) { console.log(e.data.byteLength); };");
        TUTORIAL.put("buffered", "var data = new ArrayBuffer(10000000); socket.send(data); if (socket.bufferedAmount "
                + "=== 0) { // 发送完毕 } else { // 发送还没结束 }");
        TUTORIAL.put("hello", hello);
    }

    @RegisterExtension
    static final BrowserFixture browsers = new BrowserFixture();

    private static WskitServer server;

    private BrowserWindow page;
    private String scenario;

    @BeforeAll
    static void startServer() {
        server = WskitServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void name(TestInfo info) {
        scenario = "tutorial-" + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void screenshot() {
        if (page != null) {
            page.script("document.querySelector(arguments[0])?.scrollIntoView();", "[data-section]");
            page.screenshot(scenario);
            List<String> severe = page.consoleMessages().stream().filter(m -> m.contains("SEVERE"))
                    // The onerror snippet connects to a closed port on purpose; Chromium reports that itself.
                    .filter(m -> !m.contains("WebSocket connection to"))
                    .toList();
            assertEquals(List.of(), severe, "errors in the browser console");
        }
    }

    @Test
    void snippetsOnThePageAreTheTutorialsCodeVerbatim() {
        page = tutorial();
        List<String> onPage = page.all("[data-snippet]").stream().map(e -> e.getDomAttribute("data-snippet")).toList();
        assertEquals(List.copyOf(TUTORIAL.keySet()), onPage);
        for (Map.Entry<String, String> snippet : TUTORIAL.entrySet()) {
            String code = (String) page.script(
                    "return document.querySelector(`[data-snippet=\"${arguments[0]}\"]`).textContent;", snippet.getKey());
            assertEquals(snippet.getValue(), code.replaceAll("\\s+", " ").trim(), snippet.getKey());
        }
        assertEquals(server.ws("/echo").toString(), page.value("#url"), "the echo URL that replaces the tutorial's");
    }

    @Test
    void helloWorldLogsOpenTheEchoedGreetingAndClose() {
        page = tutorial();
        run("hello", 3);
        assertEquals(List.of("Connection open ...", "Received Message: Hello WebSockets!", "Connection closed."),
                lines("hello"));
    }

    @Test
    void onopenOnmessageOncloseSnippetLogsTheSameConversation() {
        page = tutorial();
        run("events", 3);
        assertEquals(List.of("Connection open ...", "Received Message: Hello WebSockets!", "Connection closed."),
                lines("events"));
    }

    @Test
    void readyStateSwitchRunsInEachOfTheFourStates() {
        page = tutorial();
        run("readystate", 4);
        assertEquals(List.of(
                "[page] ran with readyState 0 = WebSocket.CONNECTING",
                "[page] ran with readyState 1 = WebSocket.OPEN",
                "[page] ran with readyState 2 = WebSocket.CLOSING",
                "[page] ran with readyState 3 = WebSocket.CLOSED"), lines("readystate"));
    }

    @Test
    void onerrorHandlersSeeTheErrorBeforeClose1006() throws IOException {
        page = tutorial();
        page.type("#bad-url", "ws://127.0.0.1:" + closedPort() + "/");
        run("onerror", 3);
        assertEquals(List.of(
                "[page] socket.onerror is a function",
                "[page] error event",
                "[page] close event: code 1006, wasClean false"), lines("onerror"));
    }

    @Test
    void sendTextIsEchoed() {
        page = tutorial();
        run("send-text", 1);
        assertEquals(List.of("[page] echo: your message"), lines("send-text"));
    }

    @Test
    void sendBlobFromTheFileInputIsEchoedByteExact(@TempDir Path dir) throws IOException {
        byte[] content = new byte[123_457];
        new Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("upload.bin"), content);
        page = tutorial();
        page.find("#file").sendKeys(file.toAbsolutePath().toString());
        run("send-blob", 1);
        assertEquals(List.of("[page] echo: Blob of 123457 bytes, identical to the file: true"), lines("send-blob"));
    }

    @Test
    void sendCanvasImageDataAsArrayBufferIsEchoedByteExact() {
        page = tutorial();
        run("send-arraybuffer", 1);
        assertEquals(List.of("[page] echo: ArrayBuffer of 512000 bytes, identical to the ImageData: true"),
                lines("send-arraybuffer"));
    }

    @Test
    void binaryTypeBlobDeliversBlobsWithASize() {
        page = tutorial();
        run("binarytype-blob", 2);
        assertEquals(List.of("1234", "[page] binaryType blob: the message is a Blob"), lines("binarytype-blob"));
    }

    @Test
    void binaryTypeArrayBufferDeliversArrayBuffersWithAByteLength() {
        page = tutorial();
        run("binarytype-arraybuffer", 2);
        assertEquals(List.of("1234", "[page] binaryType arraybuffer: the message is a ArrayBuffer"),
                lines("binarytype-arraybuffer"));
    }

    @Test
    void bufferedAmountIsAboveZeroRightAfterTheSendAndDrainsToZero() {
        page = tutorial();
        run("buffered", 3);
        List<String> lines = lines("buffered");
        String first = lines.get(0);
        assertTrue(first.startsWith("[page] bufferedAmount right after send: "), first);
        long amount = Long.parseLong(first.substring(first.lastIndexOf(' ') + 1));
        assertTrue(amount > 0 && amount <= 10_000_000, "bufferedAmount right after send: " + amount);
        assertTrue(lines.contains("[page] bufferedAmount reached 0"), lines.toString());
        assertTrue(lines.contains("[page] echo: 10000000 bytes"), lines.toString());
    }

    private BrowserWindow tutorial() {
        return browsers.open().go(server.http("/tutorial.html"));
    }

    /** Clicks the snippet's Run button and waits for its output to reach the given number of lines. */
    private void run(String id, int lines) {
        page.script("document.querySelector(`[data-section] [data-run=\"${arguments[0]}\"]`).scrollIntoView();", id);
        page.click("[data-run='" + id + "']");
        page.waitUntil(d -> lines(id).size() >= lines);
        page.script("document.querySelector(`[data-output=\"${arguments[0]}\"]`).scrollIntoView({block: 'center'});", id);
    }

    private List<String> lines(String id) {
        return page.all("[data-output='" + id + "'] li").stream().map(WebElement::getText).toList();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
