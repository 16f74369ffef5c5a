package dev.wskit.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/wskit-cli.jar} as a separate process, the way users run it. Stateless. */
public final class CliJar {

    public static final Path JAR = Path.of("target", "wskit-cli.jar");

    /** What a finished process left behind. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private CliJar() {
    }

    /** Runs the jar with {@code args}, {@code stdin} as its input, and waits (at most two minutes) for it to end. */
    public static Result run(String stdin, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
        List<String> command = new ArrayList<>(List.of(ExternalServer.java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("wskit-cli", ".out");
        Path err = Files.createTempFile("wskit-cli", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("wskit-cli did not finish: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
