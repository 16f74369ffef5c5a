package dev.wskit.client.bench;

/**
 * One kind of load {@code bench} can generate. A mode reads its {@link BenchOptions} from the {@link BenchRun},
 * opens connections through it, drives them, and returns the figures only it knows, typed; the command adds the
 * connection counts and errors and {@link BenchReport} prints them all. A new mode implements this and gets a
 * {@link BenchOptions.Mode} constant. Implementations run on the bench thread.
 */
public interface BenchMode {

    /** Runs the load to its end and returns what it measured. */
    BenchResult.Figures run(BenchRun run) throws InterruptedException;
}
