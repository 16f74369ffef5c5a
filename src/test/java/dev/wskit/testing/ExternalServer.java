package dev.wskit.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real servlet container distribution running wskit as a child process (the Jetty or Tomcat distribution), bound
 * to 127.0.0.1 and a port the OS chose, which is read back from the container's log. The process is stopped on
 * {@link #close()} and, should the test JVM die first, by a shutdown hook, so no server outlives the build.
 *
 * <p>Not thread-safe: start and stop it from the test thread (one per test class).
 */
public final class ExternalServer implements Deployment, AutoCloseable {

    /** How long a distribution may take to start and deploy wskit. Generous: CI has two busy cores. */
    public static final Duration STARTUP = Duration.ofSeconds(90);

    private final String name;
    private final Process process;
    private final Thread reaper;
    private final Path log;
    private final int port;
    private final String contextPath;

    private ExternalServer(String name, Process process, Thread reaper, Path log, int port, String contextPath) {
        this.name = name;
        this.process = process;
        this.reaper = reaper;
        this.log = log;
        this.port = port;
        this.contextPath = contextPath;
    }

    /**
     * Runs {@code command} in {@code workDir}, its output going to {@code log}, until the log shows {@code ready}
     * and {@code portPattern} (whose group 1 is the bound port), then until wskit answers a plain GET on
     * {@code contextPath + "/echo"}.
     */
    public static ExternalServer start(String name, List<String> command, Path workDir, Path log, Pattern ready,
            Pattern portPattern, String contextPath) {
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
        Thread reaper = new Thread(process::destroyForcibly, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            await(name + " started (log: " + log + ")").atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || ready.matcher(read(log)).find());
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + read(log));
            }
            Matcher m = portPattern.matcher(read(log));
            if (!m.find()) {
                throw new IllegalStateException(name + " started but its log names no port (" + portPattern + "):\n"
                        + read(log));
            }
            ExternalServer server = new ExternalServer(name, process, reaper, log, Integer.parseInt(m.group(1)),
                    contextPath);
            server.awaitDeployed();
            return server;
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            Runtime.getRuntime().removeShutdownHook(reaper);
            throw e;
        }
    }

    /** "Started oejs.ServerConnector@1a2b3c{HTTP/1.1, (http/1.1)}{127.0.0.1:41234}" */
    private static final Pattern JETTY_PORT = Pattern.compile(
            "Started oejs\\.ServerConnector@\\w+\\{[^}]*\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");
    private static final Pattern JETTY_READY = Pattern.compile("Started oejs\\.Server@");
    /** "Starting ProtocolHandler ["http-nio-127.0.0.1-auto-1-41234"]": the connector's name gains its bound port. */
    static final Pattern TOMCAT_PORT = Pattern.compile("\"http-nio-127\\.0\\.0\\.1-auto-\\d+-(\\d+)\"");
    static final Pattern TOMCAT_READY = Pattern.compile("Server startup in");

    /**
     * The Jetty distribution ({@code wskit.jettyHome}) on the Jetty base {@code base} (a copy of the repository's
     * {@code jetty-base/} with the WARs in place), serving at {@code /}; its temp files in {@code work/tmp}.
     */
    public static ExternalServer jetty(Path base, Path work) throws IOException {
        Path jettyHome = pathProperty("wskit.jettyHome");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        return start("jetty-distribution", List.of(java(), "-Xmx512m", "-Djava.io.tmpdir=" + tmp,
                        "-jar", jettyHome.resolve("start.jar").toString(),
                        "jetty.base=" + base, "jetty.http.host=127.0.0.1", "jetty.http.port=0"),
                base, work.resolve("jetty.log"), JETTY_READY, JETTY_PORT, "");
    }

    /**
     * The Tomcat distribution ({@code wskit.tomcatHome}) with its own CATALINA_BASE {@code base} (see
     * {@link #tomcatBase}), started as {@code catalina.sh run} would, without the shell script; wskit at
     * {@code /wskit}.
     */
    public static ExternalServer tomcat(Path base, Path log) {
        return start("tomcat-distribution", tomcatCommand(base, List.of()), base, log, TOMCAT_READY, TOMCAT_PORT,
                "/wskit");
    }

    /**
     * The command that starts the Tomcat distribution ({@code wskit.tomcatHome}) on CATALINA_BASE {@code base} as
     * {@code catalina.sh run} would, with {@code jvmArgs} (system properties) for its JVM.
     */
    static List<String> tomcatCommand(Path base, List<String> jvmArgs) {
        Path home = pathProperty("wskit.tomcatHome");
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m",
                // What catalina.sh adds, so Tomcat's leak detection works as it does in production.
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf").resolve("logging.properties"),
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base,
                "-Djava.io.tmpdir=" + base.resolve("temp")));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", home.resolve("bin").resolve("bootstrap.jar") + java.io.File.pathSeparator
                        + home.resolve("bin").resolve("tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        return command;
    }

    /**
     * A fresh CATALINA_BASE in {@code base}: the distribution's {@code conf/} with {@code src/test/tomcat/conf/server.xml}
     * (127.0.0.1, port 0, no shutdown port) and the packaged WAR as {@code webapps/wskit.war}.
     */
    public static void tomcatBase(Path base) throws IOException {
        deleteTree(base);
        copyTree(pathProperty("wskit.tomcatHome").resolve("conf"), base.resolve("conf"));
        Files.copy(Path.of("src", "test", "tomcat", "conf", "server.xml"), base.resolve("conf").resolve("server.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        for (String dir : List.of("webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Files.copy(pathProperty("wskit.war"), base.resolve("webapps").resolve("wskit.war"));
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    @Override
    public URI root() {
        return URI.create("http://127.0.0.1:" + port + contextPath);
    }

    /** Ends the process the way an operator's SIGTERM would, so the container's own shutdown hook runs. */
    @Override
    public void close() {
        stop(process, reaper);
    }

    /**
     * Sends {@code process} SIGTERM, waits up to 30 s for it (then kills it), and removes its {@code reaper}, the
     * shutdown hook that would otherwise kill it when the test JVM ends.
     */
    public static void stop(Process process, Thread reaper) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(reaper);
    }

    /** Ends the process as {@code kill -9} does: nothing of the server's own shutdown runs. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(reaper);
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port + contextPath;
    }

    /** The container logs its port before every web application is guaranteed to answer: wait for wskit's 426. */
    private void awaitDeployed() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(http("/echo")).GET().build();
        await(name + " serving " + http("/echo") + " (log: " + log + ")").atMost(STARTUP)
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 426);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of a system property the build sets (failsafe's systemPropertyVariables), checked to exist. */
    public static Path pathProperty(String key) {
        String value = System.getProperty(key);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException(key + " = " + value + " does not exist: run this test through Maven"
                    + " (mvn verify), which builds the WAR and unpacks the distributions into target/");
        }
        return Path.of(value).toAbsolutePath();
    }

    /** The {@code java} running this test, so child servers use the same JDK. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Replaces {@code target} with a copy of {@code source}. */
    public static void copyTree(Path source, Path target) {
        try {
            deleteTree(target);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path from : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
