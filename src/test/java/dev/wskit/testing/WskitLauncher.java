package dev.wskit.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts wskit in embedded Jetty outside Maven for benchmarks: {@code WskitLauncher [PORT] [KEY=VALUE ...]},
 * from the project root after {@code mvn package} (it deploys {@code target/wskit/}). Binds 127.0.0.1 on PORT
 * (0 = any free port), prints {@code wskit listening on PORT pid PID} and runs until killed. KEY=VALUE pairs
 * override settings like a deployment's context parameters. Not for tests: they use {@link WskitServer}.
 */
public final class WskitLauncher {

    private WskitLauncher() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Map<String, String> settings = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        WskitServer server = WskitServer.start(settings, port);
        System.out.println("wskit listening on " + server.port() + " pid " + ProcessHandle.current().pid());
        Thread.currentThread().join();
    }

}
