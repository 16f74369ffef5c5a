package dev.wskit.rooms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the server heap one idle, joined room member costs (docs/benchmarks.md): {@code IdleMembers BASE_URL PID
 * [MEMBERS] [ROOMS]}, against a wskit started by {@code WskitLauncher} or {@code TomcatLauncher} on this machine.
 * Reads the server's used heap after a full GC ({@code jcmd PID GC.run}, {@code GC.heap_info}) before any member
 * connects and again once MEMBERS members (default 1000, spread over ROOMS rooms, default 10) have joined, each with
 * one {@code join}, and every presence message has arrived; prints the difference per member, then closes them.
 * Run by hand, never by {@code mvn verify}. Uses the JDK's own WebSocket client, so the client costs the server
 * nothing but its connections.
 */
public final class IdleMembers {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private IdleMembers() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long pid = Long.parseLong(args[1]);
        int members = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int rooms = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String run = Long.toString(System.nanoTime() % 100_000);

        // Every member hears its own join and "here", and the join of everyone after it in its room.
        long expected = 0;
        for (int r = 0; r < rooms; r++) {
            long k = members / rooms + (r < members % rooms ? 1 : 0);
            expected += 2 * k + k * (k - 1) / 2;
        }
        long all = expected;
        CompletableFuture<Void> drained = new CompletableFuture<>();

        long before = usedHeapKiB(pid);
        long rssBefore = rssKiB(pid);
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong received = new AtomicLong();
        List<WebSocket> sockets = new ArrayList<>(members);
        List<CompletableFuture<Void>> joined = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            String nick = "m" + i;
            CompletableFuture<Void> here = new CompletableFuture<>();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(base + "/rooms/idle" + run + "-" + (i % rooms)), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                if (received.incrementAndGet() == all) {
                                    drained.complete(null);
                                }
                                if (text.indexOf("\"event\":\"here\"") >= 0) {
                                    here.complete(null);
                                }
                                text.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"join\",\"nick\":\"" + nick + "\"}", true).get(30, TimeUnit.SECONDS);
            sockets.add(ws);
            joined.add(here);
        }
        try {
            CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            drained.get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(joined.stream().filter(CompletableFuture::isDone).count() + " of " + members
                    + " joined, " + received.get() + " of " + expected + " presence messages arrived", e);
        }
        long after = usedHeapKiB(pid);
        long rssAfter = rssKiB(pid);
        System.out.printf("members %d in %d rooms, presence messages %d of %d%n", members, rooms, received.get(), expected);
        System.out.printf("server heap used after GC: %,d KiB -> %,d KiB = %.1f KiB per member%n", before, after,
                (after - before) / (double) members);
        System.out.printf("server RSS: %,d KiB -> %,d KiB = %.1f KiB per member%n", rssBefore, rssAfter,
                (rssAfter - rssBefore) / (double) members);
        List<CompletableFuture<WebSocket>> closes = new ArrayList<>();
        for (WebSocket ws : sockets) {
            closes.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        }
        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        System.exit(0);
    }

    private static long usedHeapKiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no 'used' figure in jcmd GC.heap_info of " + pid);
        }
        return Long.parseLong(m.group(1));
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
