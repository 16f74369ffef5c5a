package dev.wskit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 (EC P-256, two days), made by the JDK's {@code keytool} exactly as the
 * README tells an operator to: a PKCS12 keystore for Jetty and Tomcat, the same certificate and key as PEM files for
 * nginx, and an {@link SSLContext} that trusts it for test clients. Immutable once made.
 */
public final class TestCertificate {

    public static final String PASSWORD = "changeit";
    public static final String ALIAS = "wskit";

    private final Path keystore;
    private final Path certificatePem;
    private final Path keyPem;
    private final SSLContext clientContext;

    private TestCertificate(Path keystore, Path certificatePem, Path keyPem, SSLContext clientContext) {
        this.keystore = keystore;
        this.certificatePem = certificatePem;
        this.keyPem = keyPem;
        this.clientContext = clientContext;
    }

    /** Makes the keystore and PEM files in {@code dir} (created, files replaced). */
    public static TestCertificate create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve("wskit.p12");
            Files.deleteIfExists(keystore);
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            Certificate cert = ks.getCertificate(ALIAS);
            Key key = ks.getKey(ALIAS, PASSWORD.toCharArray());
            Path certPem = Files.writeString(dir.resolve("wskit.crt"), pem("CERTIFICATE", cert.getEncoded()));
            Path keyPem = Files.writeString(dir.resolve("wskit.key"), pem("PRIVATE KEY", key.getEncoded()));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return new TestCertificate(keystore, certPem, keyPem, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS12 keystore (password {@link #PASSWORD}, alias {@link #ALIAS}). */
    public Path keystore() {
        return keystore;
    }

    /** The certificate as PEM: also the CA file a client trusts ({@code --trust-ca}). */
    public Path certificatePem() {
        return certificatePem;
    }

    /** The private key as PEM (PKCS#8), for nginx's {@code ssl_certificate_key}. */
    public Path keyPem() {
        return keyPem;
    }

    /** A TLS context that trusts this certificate and nothing else. */
    public SSLContext clientContext() {
        return clientContext;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool hung: " + command);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed (" + p.exitValue() + "): " + output);
        }
    }
}
