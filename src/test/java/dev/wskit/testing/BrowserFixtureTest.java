package dev.wskit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What pages with several users (chat, draw) rely on: two windows are two independent browsers. */
class BrowserFixtureTest {

    @RegisterExtension
    static final BrowserFixture browsers = new BrowserFixture();

    private static WskitServer server;
    private static RecorderServer other;

    @BeforeAll
    static void start() {
        server = WskitServer.start();
        other = RecorderServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        other.close();
        server.close();
    }

    @Test
    void twoWindowsShareNoStorageAndHoldTheirOwnConnections() {
        BrowserWindow alice = browsers.open().go(server.http("/"));
        BrowserWindow bob = browsers.open().go(server.http("/"));
        alice.script("localStorage.setItem('who', 'alice'); document.cookie = 'who=alice';");
        assertNull(bob.script("return localStorage.getItem('who');"), "bob must not see alice's storage");
        assertEquals("", bob.script("return document.cookie;"), "bob must not see alice's cookies");

        String connectAndSay = """
                const done = arguments[arguments.length - 1];
                const ws = new WebSocket(arguments[0]);
                window.kept = ws;
                ws.onopen = () => { ws.send(arguments[1]); done('sent'); };
                """;
        alice.asyncScript(connectAndSay, other.ws().toString(), "from alice");
        Recorder first = other.nextConnection();
        bob.asyncScript(connectAndSay, other.ws().toString(), "from bob");
        Recorder second = other.nextConnection();
        assertEquals(Set.of("from alice", "from bob"), Set.of(first.nextText(), second.nextText()));

        alice.close();
        // Quitting the browser may or may not get a close frame out (1001 or 1006): only that it ended matters.
        first.awaitClose();
        assertEquals("OPEN", bob.script("return ['CONNECTING','OPEN','CLOSING','CLOSED'][window.kept.readyState];"),
                "closing one window leaves the other's connection open");
        bob.screenshot("fixture-second-window");
        second.assertNoErrors();
    }
}
