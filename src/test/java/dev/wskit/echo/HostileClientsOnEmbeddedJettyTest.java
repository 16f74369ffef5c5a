package dev.wskit.echo;

import dev.wskit.testing.Deployment;
import dev.wskit.testing.WskitServer;
import java.util.Map;

/**
 * The hostile-client contract on embedded Jetty. Jetty refuses a frame declaring more than the limit from its header
 * when the limits fit the message buffer (EchoHub); its pool here is 8 threads, one acceptor and one selector.
 */
class HostileClientsOnEmbeddedJettyTest extends HostileClientsContract {

    @Override
    protected Deployment start(Map<String, String> settings, int maxThreads) {
        return maxThreads > 0 ? WskitServer.startWithThreads(settings, maxThreads) : WskitServer.start(settings);
    }

    @Override
    protected int fewThreads() {
        return 8;
    }

    @Override
    protected boolean refusesOversizeFramesFromTheHeader() {
        return true;
    }
}
