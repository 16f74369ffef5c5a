package dev.wskit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The wskit version, from the build ({@code dev/wskit/wskit.properties}, filtered by Maven). In the root package, which
 * server and CLI jar share. Constant.
 */
public final class Version {

    public static final String WSKIT = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/wskit/wskit.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
