package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.testing.Clients;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rooms benchmark, not part of the test run: {@code mvn -B -Prooms-bench process-test-classes exec:exec@rooms-benchmark}
 * (results: docs/rooms-benchmark.md).
 *
 * <ol>
 *   <li>In-process fan-out: a {@link LocalBackplane} room of 1,000 members whose transports complete at once, so the
 *       figure is the cost of numbering, encoding once and queueing, without a network.</li>
 *   <li>Over sockets: wskit in embedded Jetty in a child JVM (so its heap is measured alone), 0/250/500/1000 members
 *       connected from this JVM with the Jetty client; heap used after GC in the server at each step, then rounds of
 *       broadcasts to 1,000 members, timed from the first send until every member has received every message.</li>
 * </ol>
 *
 * Not thread-safe; a command-line program.
 */
public final class RoomsBenchmark {

    private static final int MEMBERS = 1000;
    private static final int ROUNDS = 5;
    private static final int MESSAGES = 100;
    private static final String TEXT = "x".repeat(64);

    private RoomsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            serve();
            return;
        }
        System.out.printf("machine: %d cores, load average %.2f, %s%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.name")
                        + " " + System.getProperty("java.version"));
        inProcess();
        overSockets();
        System.exit(0);
    }

    private static void inProcess() throws Exception {
        RoomLimits limits = RoomLimits.defaults();
        LocalBackplane bp = new LocalBackplane(limits);
        Transport sink = new Transport() {
            @Override
            public void sendText(String text, java.util.function.Consumer<Throwable> done) {
                done.accept(null);
            }

            @Override
            public void sendBinary(ByteBuffer bytes, java.util.function.Consumer<Throwable> done) {
                done.accept(null);
            }

            @Override
            public void sendObject(ServerMessage message, java.util.function.Consumer<Throwable> done) {
                done.accept(null);
            }

            @Override
            public void close(CloseCodes code, String reason) {
            }

            @Override
            public String id() {
                return "sink";
            }
        };
        Backplane.RoomMember publisher = null;
        for (int i = 0; i < MEMBERS; i++) {
            Backplane.RoomMember m = bp.joinRoom("bench", "m" + i, limits.outbox(sink), null);
            publisher = publisher == null ? m : publisher;
        }
        int messages = 20_000;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                publisher.say(TEXT);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("in-process fan-out, round %d: %d messages x %d members in %.3f s = %,.0f deliveries/s%n",
                    round + 1, messages, MEMBERS, seconds, messages * (double) MEMBERS / seconds);
        }
    }

    private static void overSockets() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                RoomsBenchmark.class.getName(), "server").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader from = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter to = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String portLine = from.readLine();
            if (portLine == null || !portLine.startsWith("PORT ")) {
                throw new IllegalStateException("server did not start: " + portLine);
            }
            URI room = URI.create("ws://127.0.0.1:" + portLine.substring(5) + "/rooms/bench");
            List<Counter> members = new ArrayList<>();
            long base = heap(from, to);
            System.out.printf("server heap after GC, %4d members: %,8d KiB%n", 0, base / 1024);
            for (int target : new int[] {250, 500, 1000}) {
                while (members.size() < target) {
                    members.add(Counter.join(room, "m" + members.size()));
                }
                for (Counter c : members) {
                    c.awaitJoined();
                }
                long used = heap(from, to);
                System.out.printf("server heap after GC, %4d members: %,8d KiB (%+,.1f KiB per member over 0)%n", target,
                        used / 1024, (used - base) / 1024.0 / target);
            }
            Session publisher = members.get(0).session;
            for (int round = 0; round <= ROUNDS; round++) {
                CountDownLatch all = new CountDownLatch(members.size());
                for (Counter c : members) {
                    c.expect(MESSAGES, all);
                }
                long start = System.nanoTime();
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.getBasicRemote().sendText("{\"type\":\"say\",\"text\":\"" + TEXT + "\"}");
                }
                if (!all.await(300, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not every member received every message");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s: %d messages x %d members in %.3f s = %,.0f deliveries/s%n",
                        round == 0 ? "over sockets, warm-up" : "over sockets, round " + round, MESSAGES, members.size(),
                        seconds, MESSAGES * (double) members.size() / seconds);
            }
            for (Counter c : members) {
                c.session.close();
            }
            to.println("quit");
        } finally {
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroy();
        }
    }

    private static long heap(BufferedReader from, PrintWriter to) throws Exception {
        to.println("heap");
        String line = from.readLine();
        return Long.parseLong(line.substring(5));
    }

    /** The child JVM: wskit in embedded Jetty, answering "heap" with the heap used after GC. */
    private static void serve() throws Exception {
        try (WskitServer server = WskitServer.start(Map.of("wskit.rooms.maxMembers", "5000"))) {
            System.out.println("PORT " + server.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                long used = 0;
                for (int i = 0; i < 5; i++) {
                    System.gc();
                    Runtime r = Runtime.getRuntime();
                    used = r.totalMemory() - r.freeMemory();
                }
                System.out.println("HEAP " + used);
            }
        }
    }

    /** A member that counts the say messages it receives. Thread-safe: the container delivers, the main thread waits. */
    private static final class Counter extends Endpoint {
        private final CountDownLatch joined = new CountDownLatch(1);
        private final AtomicReference<CountDownLatch> done = new AtomicReference<>();
        private volatile int remaining;
        private Session session;

        static Counter join(URI room, String nick) throws Exception {
            Counter c = new Counter();
            c.session = Clients.container().connectToServer(c, ClientEndpointConfig.Builder.create().build(), room);
            c.session.getBasicRemote().sendText("{\"type\":\"join\",\"nick\":\"" + nick + "\"}");
            return c;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::text);
        }

        private void text(String message) {
            if (message.contains("\"event\":\"here\"")) {
                joined.countDown();
            } else if (message.startsWith("{\"type\":\"say\"") && --remaining == 0) {
                done.get().countDown();
            }
        }

        void awaitJoined() throws InterruptedException {
            if (!joined.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("join not confirmed");
            }
        }

        void expect(int messages, CountDownLatch all) {
            done.set(all);
            remaining = messages;
        }
    }
}
