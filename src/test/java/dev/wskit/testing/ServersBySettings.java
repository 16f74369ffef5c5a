package dev.wskit.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One running server per distinct set of settings, for a test class whose tests need several: started on first use
 * with {@code start}, all stopped by {@link #close()} (from {@code @AfterAll}). Not thread-safe: the test thread.
 *
 * @param <S> the server, e.g. {@link WskitServer} or {@link EmbeddedTomcat}
 */
public final class ServersBySettings<S extends Deployment & AutoCloseable> implements AutoCloseable {

    private final Function<Map<String, String>, S> start;
    private final Map<Map<String, String>, S> servers = new HashMap<>();

    public ServersBySettings(Function<Map<String, String>, S> start) {
        this.start = start;
    }

    /** The server running with these settings (context parameters), started if it is not yet. */
    public S get(Map<String, String> settings) {
        return servers.computeIfAbsent(settings, start);
    }

    @Override
    public void close() throws Exception {
        for (S s : servers.values()) {
            s.close();
        }
        servers.clear();
    }
}
