package dev.wskit.rooms.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The backplane's Lua script ({@code backplane.lua}): run by its SHA-1 (EVALSHA), and by its body (EVAL, which also
 * caches it again) when Redis answers NOSCRIPT, as after a restart or SCRIPT FLUSH. A caller that waits for each
 * answer before the next call (every caller of {@link RoomStore} and {@link BoardStore} does) keeps its calls in
 * order through the fallback. Immutable; thread-safe.
 */
final class Lua {

    static final Lua BACKPLANE = load("backplane.lua");

    private final byte[] body;
    private final String sha;

    private Lua(byte[] body) {
        this.body = body;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Lua load(String resource) {
        try (InputStream in = Lua.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " next to " + Lua.class.getName());
            }
            return new Lua(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String sha() {
        return sha;
    }

    /** Runs the script; its answer, or the failure, completes the stage. */
    CompletionStage<Object> run(RedisAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[]... args) {
        CompletionStage<Object> bySha = redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        return bySha.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.eval(body, ScriptOutputType.MULTI, keys, args);
            }
            return java.util.concurrent.CompletableFuture.failedFuture(cause);
        });
    }
}
