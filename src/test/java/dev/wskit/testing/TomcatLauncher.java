package dev.wskit.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts wskit in embedded Tomcat 11 outside Maven for measurements: {@code TomcatLauncher [KEY=VALUE ...]}, from the
 * project root after {@code mvn package} (it deploys {@code target/wskit/}), on a classpath with Tomcat's jars and
 * no Jetty or separate API jars (docs/benchmarks.md shows how). Binds 127.0.0.1 on a free port, prints
 * {@code wskit listening on PORT pid PID} and runs until killed. The Tomcat twin of {@link WskitLauncher}.
 */
public final class TomcatLauncher {

    private TomcatLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        EmbeddedTomcat server = EmbeddedTomcat.start(settings);
        System.out.println("wskit listening on " + server.port() + " pid " + ProcessHandle.current().pid());
        Thread.currentThread().join();
    }
}
