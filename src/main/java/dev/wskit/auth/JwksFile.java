package dev.wskit.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The public keys of {@code wskit.auth.jwks}: a JSON Web Key Set file, read at start-up and again when it changes
 * (its modification time or size), looked at no more than once a second. A change that cannot be read or parsed
 * keeps the keys already loaded and logs a warning, so a half-written file never locks everyone out.
 *
 * <p>Thread-safe: the current keys are an immutable snapshot in a volatile field; one thread at a time re-reads
 * the file (others use the snapshot meanwhile, never waiting).
 */
final class JwksFile {

    private static final System.Logger LOG = System.getLogger(JwksFile.class.getName());

    /** Largest key set file read, in bytes: far more than any real set of public keys. */
    static final int MAX_FILE_SIZE = 1024 * 1024;

    /** How often the file is looked at for changes, in milliseconds. */
    static final long CHECK_EVERY = 1000;

    private record Snapshot(JWKSet keys, FileTime modified, long size) {
    }

    private final Path file;
    private final Clock clock;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Snapshot current;
    private volatile long lastCheck;

    /** Reads the file now. @throws IllegalArgumentException naming the setting when it cannot be used */
    JwksFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            this.current = read();
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("wskit.auth.jwks: cannot use " + file + ": " + e.getMessage(), e);
        }
        this.lastCheck = clock.millis();
    }

    /** The keys, re-read first when the file changed since the last look (at most once per second). */
    JWKSet keys() {
        long now = clock.millis();
        if (now - lastCheck >= CHECK_EVERY && reloading.tryLock()) {
            try {
                lastCheck = now;
                Snapshot s = current;
                if (!Files.getLastModifiedTime(file).equals(s.modified()) || Files.size(file) != s.size()) {
                    current = read();
                    LOG.log(Level.INFO, "- | keys | reloaded {0}: {1} key(s)", file, current.keys().size());
                }
            } catch (IOException | ParseException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "- | keys | cannot reload {0}, keeping the keys loaded before: {1}", file, e.getMessage());
            } finally {
                reloading.unlock();
            }
        }
        return current.keys();
    }

    private Snapshot read() throws IOException, ParseException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        if (size > MAX_FILE_SIZE) {
            throw new IllegalArgumentException("larger than " + MAX_FILE_SIZE + " bytes");
        }
        JWKSet keys = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).toPublicJWKSet();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys in the set");
        }
        return new Snapshot(keys, modified, size);
    }
}
