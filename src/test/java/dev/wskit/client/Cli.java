package dev.wskit.client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs wskit-cli in-process with captured streams, the way {@code java -jar} would. Not shared between threads. */
public final class Cli {

    /** What one run left behind. */
    public record Run(int exitCode, String out, String err) {
        public List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    public static Run run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    /** A run in progress: its standard output line by line as it is written, then its result. */
    public static final class Live {
        final java.util.concurrent.BlockingQueue<String> outLines = new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.CompletableFuture<Run> result = new java.util.concurrent.CompletableFuture<>();

        /** The next line written to standard output, or fails after {@code seconds}. */
        public String nextLine(long seconds) throws InterruptedException {
            String line = outLines.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no output line within " + seconds + " s");
            }
            return line;
        }

        /** Skips output lines up to and including the first one containing {@code fragment}. */
        public String lineContaining(String fragment, long seconds) throws InterruptedException {
            for (String line = nextLine(seconds); ; line = nextLine(seconds)) {
                if (line.contains(fragment)) {
                    return line;
                }
            }
        }

        public Run await(long seconds) throws Exception {
            return result.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Starts a run on its own thread; standard output is also handed over line by line. */
    public static Live start(InputStream stdin, String... args) {
        Live live = new Live();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.io.Writer lines = new java.io.Writer() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public synchronized void write(char[] buf, int off, int len) {
                out.write(buf, off, len);
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        live.outLines.add(partial.toString());
                        partial.setLength(0);
                    } else if (buf[i] != '\r') {
                        partial.append(buf[i]);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Thread t = new Thread(() -> {
            try {
                int code = WskitCli.commandLine(new Terminal(stdin, new PrintWriter(lines, true), new PrintWriter(err, true))).execute(args);
                live.result.complete(new Run(code, out.toString(), err.toString()));
            } catch (RuntimeException | Error e) {
                live.result.completeExceptionally(e);
            }
        }, "cli-under-test");
        t.setDaemon(true);
        t.start();
        return live;
    }

    public static Run run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WskitCli.commandLine(new Terminal(stdin, new PrintWriter(out, true), new PrintWriter(err, true))).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A port nothing listens on (bound and released at once). */
    public static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
