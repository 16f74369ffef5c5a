package dev.wskit.client;

import dev.wskit.Version;
import dev.wskit.client.bench.BenchCommand;
import dev.wskit.client.connect.ConnectCommand;
import dev.wskit.client.rooms.RoomsCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar wskit-cli.jar}: the command-line entry point. Builds the picocli command tree over a
 * {@link Terminal}, so tests run it in-process with captured streams. Not shared between threads.
 */
@Command(name = "wskit-cli", mixinStandardHelpOptions = true, versionProvider = WskitCli.VersionProvider.class,
        description = "WebSocket client and load generator for wskit and any other WebSocket server.",
        subcommands = {ConnectCommand.class, RoomsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class WskitCli {

    public static void main(String[] args) {
        boolean verbose = java.util.Arrays.asList(args).contains("-v") || java.util.Arrays.asList(args).contains("--verbose");
        // Jetty logs through SLF4J; the CLI speaks for itself unless asked to show the library's log.
        System.setProperty("org.eclipse.jetty.LEVEL", verbose ? "INFO" : "OFF");
        Terminal terminal = new Terminal(System.in,
                new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        int code = commandLine(terminal).execute(args);
        terminal.out().flush();
        terminal.err().flush();
        System.exit(code);
    }

    /** The command tree, reading and writing {@code terminal}. */
    public static CommandLine commandLine(Terminal terminal) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(new WskitCli(), new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                if (type == ConnectCommand.class) {
                    return (K) new ConnectCommand(terminal);
                }
                if (type == RoomsCommand.class) {
                    return (K) new RoomsCommand(terminal);
                }
                if (type == BenchCommand.class) {
                    return (K) new BenchCommand(terminal);
                }
                return fallback.create(type);
            }
        });
        cli.setOut(terminal.out());
        cli.setErr(terminal.err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("wskit-cli: internal error: " + e + (verbose ? "" : " (--verbose shows the stack trace)"));
            return ExitCode.INTERNAL;
        });
        return cli;
    }

    /** The version from the build's properties. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"wskit-cli " + Version.WSKIT};
        }
    }
}
