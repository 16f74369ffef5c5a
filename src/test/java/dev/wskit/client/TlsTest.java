package dev.wskit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss:} trust: a self-signed certificate (made with the JDK's keytool) is refused by default, accepted with
 * {@code --trust-ca} naming it, and with {@code --insecure}. The server completes the WebSocket handshake over TLS,
 * then drops the connection, so a trusted connect ends with exit 7 and an untrusted one with exit 5.
 */
class TlsTest {

    @TempDir
    static Path dir;
    private static SSLContext serverTls;
    private static Path caPem;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "wskit", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "wskit", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), output);
    }

    @Test
    void untrustedCertificateIsTlsFailureExitFive() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.UPGRADE_THEN_DROP, serverTls)) {
            Cli.Run run = Cli.run("", "connect", server.wss("/"));
            assertEquals(ExitCode.TLS, run.exitCode(), run::toString);
            assertTrue(run.err().contains("--trust-ca"), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
        }
    }

    @Test
    void trustCaAcceptsTheServersCertificate() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.UPGRADE_THEN_DROP, serverTls);
             java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
             java.io.PipedInputStream stdin = new java.io.PipedInputStream(typing)) {
            Cli.Run run = Cli.run(stdin, "connect", "--trust-ca", caPem.toString(), server.wss("/"));
            assertEquals(ExitCode.CONNECTION_LOST, run.exitCode(), run::toString);
            assertTrue(run.err().contains("connected to " + server.wss("/")), run::toString);
        }
    }

    @Test
    void insecureAcceptsAnyCertificate() throws IOException {
        try (BrokenServer server = new BrokenServer(BrokenServer.Behaviour.UPGRADE_THEN_DROP, serverTls);
             java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
             java.io.PipedInputStream stdin = new java.io.PipedInputStream(typing)) {
            Cli.Run run = Cli.run(stdin, "connect", "--insecure", server.wss("/"));
            assertEquals(ExitCode.CONNECTION_LOST, run.exitCode(), run::toString);
            assertTrue(run.err().contains("connected to " + server.wss("/")), run::toString);
        }
    }
}
