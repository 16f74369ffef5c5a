package dev.wskit.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.testing.ExternalServer;
import dev.wskit.testing.JdkWebSocket;
import dev.wskit.testing.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code wss://} on a real distribution configured as the README's Deploy section says, with a self-signed keystore
 * the test makes with keytool: the echo, a room, and the packaged CLI ({@code target/wskit-cli.jar}) trusting the
 * certificate with {@code --trust-ca} (and refusing it without). Subclasses start the server.
 */
abstract class WssContract {

    private static final Path CLI = Path.of("target", "wskit-cli.jar");

    /** The running server, its log naming the TLS port. */
    protected abstract ExternalServer server();

    protected abstract Pattern tlsPort();

    protected abstract TestCertificate certificate();

    /** {@code wss://127.0.0.1:TLS_PORT/CONTEXT/path}. */
    private URI wss(String path) throws IOException {
        Matcher m = tlsPort().matcher(Files.readString(server().log(), StandardCharsets.ISO_8859_1));
        assertTrue(m.find(), "no TLS connector in " + server().log());
        return URI.create("wss://127.0.0.1:" + m.group(1) + server().root().getPath() + path);
    }

    @Test
    void echoesOverTls() throws Exception {
        try (JdkWebSocket ws = JdkWebSocket.connect(wss("/echo"), certificate().clientContext(), Map.of())) {
            ws.send("over TLS ✓");
            assertEquals("over TLS ✓", ws.nextText());
        }
    }

    @Test
    void inspectSaysTheHandshakeWasSecure() throws Exception {
        try (JdkWebSocket ws = JdkWebSocket.connect(wss("/inspect"), certificate().clientContext(), Map.of())) {
            String json = ws.nextText();
            assertTrue(json.contains("\"secure\":true"), json);
        }
    }

    @Test
    void aRoomWorksOverTls() throws Exception {
        String room = "/rooms/tls-" + System.nanoTime() % 100_000;
        try (JdkWebSocket ann = JdkWebSocket.connect(wss(room), certificate().clientContext(), Map.of());
             JdkWebSocket bob = JdkWebSocket.connect(wss(room), certificate().clientContext(), Map.of())) {
            ann.send("{\"type\":\"join\",\"nick\":\"ann\"}");
            ann.until("\"event\":\"here\"");
            bob.send("{\"type\":\"join\",\"nick\":\"bob\"}");
            bob.until("\"event\":\"here\"");
            bob.send("{\"type\":\"say\",\"text\":\"secure hello\"}");
            String said = ann.until("\"type\":\"say\"");
            assertTrue(said.contains("\"nick\":\"bob\"") && said.contains("secure hello"), said);
        }
    }

    @Test
    void theCliTrustsTheCertificateWithTrustCaAndRefusesItWithout() throws Exception {
        String url = wss("/echo").toString();
        Run trusted = cli("one\ntwo\n", "connect", "--script", "--trust-ca", certificate().certificatePem().toString(), url);
        assertEquals(0, trusted.exit(), trusted::toString);
        assertEquals("one\ntwo\n", trusted.out(), trusted::toString);
        Run untrusted = cli("", "connect", "--script", url);
        assertEquals(5, untrusted.exit(), untrusted::toString); // ExitCode.TLS
        assertTrue(untrusted.err().contains("--trust-ca"), untrusted::toString);
    }

    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static Run cli(String stdin, String... args) throws Exception {
        assertTrue(Files.isRegularFile(CLI), CLI + " is built by mvn package");
        List<String> command = new ArrayList<>(List.of(ExternalServer.java(), "-jar", CLI.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("wskit-cli", ".out");
        Path err = Files.createTempFile("wskit-cli", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("wskit-cli did not finish: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
