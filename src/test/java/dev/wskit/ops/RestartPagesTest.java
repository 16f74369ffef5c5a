package dev.wskit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.BrowserFixture;
import dev.wskit.testing.BrowserWindow;
import dev.wskit.testing.WskitServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser pages across a redeploy of wskit (a new web application started on the same port and the old one
 * stopped, as Jetty's deployer does): told 1012, the chat page and the console reconnect by themselves within the jitter window, and the
 * chat member is back in the room; the jitter itself is checked on the shared module.
 */
class RestartPagesTest {

    @RegisterExtension
    static final BrowserFixture browsers = new BrowserFixture();

    private WskitServer server;

    @BeforeEach
    void start() {
        server = WskitServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private void restart() throws Exception {
        CompletableFuture.runAsync(() -> {
            try {
                server.redeploy();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    @Test
    void theChatPageRejoinsByItselfAfterARestart() throws Exception {
        BrowserWindow chat = browsers.open().go(server.http("/chat.html"));
        chat.type("#room", "restart").type("#nick", "ann").click("#join");
        chat.waitUntil(d -> chat.text("#members").contains("ann"));
        restart();
        chat.waitUntil(d -> chat.text("#status").contains("the server is restarting; reconnecting in"));
        assertTrue(chat.text("#status").startsWith("closed 1012"), chat.text("#status"));
        chat.waitUntil(d -> chat.text("#state").equals("joined") && chat.text("#members").contains("ann"),
                Duration.ofSeconds(20));
        // Back in a room that restarted with the server: the page says so rather than pretending nothing was lost.
        chat.waitUntil(d -> !chat.all("#messages .msg-gap").isEmpty());
        chat.screenshot("restart-chat");
    }

    @Test
    void theConsoleReconnectsByItselfAfterARestart() throws Exception {
        BrowserWindow console = browsers.open().go(server.http("/"));
        console.click("#connect");
        console.waitUntil(d -> console.text("#state").equals("OPEN 1"));
        restart();
        console.waitUntil(d -> console.all("#log li[data-type='reconnect']").size() == 1);
        String reconnect = console.find("#log li[data-type='reconnect'] .detail").getText();
        assertTrue(reconnect.matches("the server is restarting \\(1012\\): reconnecting in \\d+ ms"), reconnect);
        console.waitUntil(d -> console.all("#log li[data-type='open']").size() == 2, Duration.ofSeconds(20));
        assertEquals("OPEN 1", console.text("#state"));
        console.screenshot("restart-console");
    }

    @Test
    void aRestartIsSpreadOverTheJitterWindowAndOtherClosesBackOff() {
        BrowserWindow page = browsers.open().go(server.http("/"));
        Object delays = page.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/reconnect.js').then((m) => done([
                  m.reconnectDelay(1012, 0, () => 0), m.reconnectDelay(1012, 0, () => 0.999),
                  m.reconnectDelay(1006, 0, () => 0), m.reconnectDelay(1006, 0, () => 0.999),
                  m.reconnectDelay(1006, 3, () => 0), m.reconnectDelay(1001, 20, () => 0.5),
                  m.reconnectDelay(1012, 2, () => 0), m.reconnectDelay(1000, 0, () => 0),
                  m.reconnectDelay(1008, 0, () => 0)]));
                """);
        assertEquals(List.of(0L, 2997L, 500L, 999L, 4000L, 22500L, 2000L), ((List<?>) delays).subList(0, 7));
        assertEquals(null, ((List<?>) delays).get(7), "a normal close is not retried");
        assertEquals(null, ((List<?>) delays).get(8), "nor a policy close");
    }
}
