package dev.wskit.client.bench;

import dev.wskit.client.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a bench run was asked for, checked: everything a {@link BenchMode} reads. Immutable.
 *
 * @param uris               the endpoint (echo, idle) or room (rooms); rooms mode takes several, one room on several
 *                           nodes: member i connects to {@code uris[i % n]}
 * @param mode               the load pattern
 * @param connections        connections to open (rooms: members)
 * @param inFlight           echo: messages outstanding per connection
 * @param size               echo: message size; rooms: size of each message said
 * @param type               echo: text or binary messages
 * @param publishers         rooms: how many members publish
 * @param rate               rooms: messages per second per publisher
 * @param duration           how long to run (echo, rooms) or hold the connections (idle)
 * @param messages           echo: round trips in total; rooms: messages said in total; 0 = run for the duration
 * @param rampUp             the connection starts are spread evenly over this time
 * @param connectConcurrency handshakes in progress at once
 * @param serverPid          idle: a local server's process id whose memory to report, or 0
 * @param progress           interval of the progress line; zero = none
 * @param verbose            print stack traces of failed connects
 * @param reconnect          rooms: when members reconnect and resume
 * @param client             which WebSocket client carries the connections
 * @param room               broadcast: speak a wskit room's JSON protocol (join, say) instead of raw messages
 */
public record BenchOptions(List<URI> uris, Mode mode, int connections, int inFlight, int size, Type type, int publishers, int rate,
                           Duration duration, long messages, Duration rampUp, int connectConcurrency, long serverPid,
                           Duration progress, boolean verbose, RetryPolicy reconnect, Client client,
                           boolean room) {

    /**
     * The WebSocket client under the load: wskit's own {@code raw} one (plain {@code ws:}, no extensions, one thread,
     * no copies: fast enough to load a server on one core from another) or the Jakarta one (Jetty's, with TLS and
     * permessage-deflate). {@code auto}: raw where the mode and URL allow it.
     */
    public enum Client { auto, raw, jakarta }

    /** Whether the connections go through the raw client. */
    public boolean raw() {
        return client == Client.raw;
    }

    public BenchOptions {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no URL");
        }
    }

    /** The URL connection {@code i} goes to: the URLs in turn. */
    public URI uri(int i) {
        return uris.get(i % uris.size());
    }

    /** The load patterns; a new one is a constant here and a {@link BenchMode} class. */
    public enum Mode {
        echo(EchoMode::new), idle(IdleMode::new), rooms(RoomsMode::new), broadcast(BroadcastMode::new);

        private final Supplier<BenchMode> factory;

        Mode(Supplier<BenchMode> factory) {
            this.factory = factory;
        }

        /** A new instance of this mode, for one run. */
        public BenchMode start() {
            return factory.get();
        }
    }

    public enum Type { text, binary }
}
