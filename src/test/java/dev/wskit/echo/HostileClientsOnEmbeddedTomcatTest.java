package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.EmbeddedTomcat;
import java.util.Map;

/**
 * The hostile-client contract on embedded Tomcat 11 (the tomcat-test execution). Tomcat has no way to refuse a
 * frame from its header: wskit counts the parts and closes with 1009 once they pass the limit.
 */
class HostileClientsOnEmbeddedTomcatTest extends HostileClientsContract {

    @Override
    protected Deployment start(Map<String, String> settings, int maxThreads) {
        return EmbeddedTomcat.startWithThreads(settings, maxThreads);
    }

    @Override
    protected int fewThreads() {
        return 4;
    }

    @Override
    protected boolean refusesOversizeFramesFromTheHeader() {
        return false;
    }
}
