package dev.wskit.client;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a {@link Conversation} ({@code connect}, {@code rooms}), a picocli mixin: script mode, how long the
 * end of input lingers, and reconnecting. Filled in by picocli before the command runs, read-only afterwards.
 */
public final class ConversationOptions {

    @Option(names = {"-n", "--script"}, description = "Non-interactive, for scripts: every line of standard input goes out as it"
            + " is (no commands); what arrives goes to standard output, status to standard error.")
    private boolean script;

    @Option(names = "--linger", paramLabel = "DURATION", defaultValue = "5s", converter = Units.DurationConverter.class,
            description = "After end of input, wait until everything sent has come back (rooms: the room has echoed what you"
                    + " said), or until this long passes without a message; then close with 1000. Default: ${DEFAULT-VALUE}.")
    private Duration linger;

    @Mixin
    private Reconnect reconnect;

    public boolean script() {
        return script;
    }

    /** A conversation on {@code terminal} with these options. */
    public <M> Conversation<M> conversation(Terminal terminal, boolean verbose) {
        return new Conversation<>(terminal, linger, reconnect.policy(), verbose);
    }
}
