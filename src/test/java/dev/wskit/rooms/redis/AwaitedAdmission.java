package dev.wskit.rooms.redis;

import dev.wskit.rooms.Frame;
import dev.wskit.testing.Recorder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An {@link Admission} a test waits for: {@link #backlog()} returns it, or fails with the refusal. Thread-safe. */
final class AwaitedAdmission implements Admission {

    private final CompletableFuture<List<Frame>> result = new CompletableFuture<>();

    @Override
    public void admitted(List<Frame> backlog) {
        result.complete(backlog);
    }

    @Override
    public void refused(String reason) {
        result.completeExceptionally(new AssertionError("admission refused: " + reason));
    }

    List<Frame> backlog() {
        return result.orTimeout(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }
}
