package dev.wskit.client;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * Where a command reads its input and writes its output: the process's streams from {@link WskitCli#main}, or
 * captured streams in tests. The writers autoflush on println; PrintWriter synchronises each call, so
 * several threads may print lines.
 */
public record Terminal(InputStream in, PrintWriter out, PrintWriter err) {
}
