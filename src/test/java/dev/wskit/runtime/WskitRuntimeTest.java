package dev.wskit.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.ClientMessageDecoder;
import dev.wskit.codec.StrokesDecoder;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import dev.wskit.echo.EchoConfigurator;
import dev.wskit.echo.EchoEndpoint;
import dev.wskit.rooms.RoomEndpoint;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runtime without a container: started with chosen settings, found through an endpoint config, closed. */
class WskitRuntimeTest {

    @Test
    void startsWithTheSettingsATestChooses() {
        Settings settings = Settings.defaults().with(Setting.ROOMS_MAX_MEMBERS, 3).with(Setting.ECHO_MAX_DELAY, 7);
        try (WskitRuntime runtime = WskitRuntime.start(settings)) {
            assertSame(settings, runtime.settings());
            assertEquals(3, runtime.rooms().limits().maxMembers());
            assertEquals(0, runtime.handshakes().size());
        }
    }

    @Test
    void closeStopsEveryThreadItStartedAndIsIdempotent() throws Exception {
        WskitRuntime runtime = WskitRuntime.start(Settings.defaults());
        CompletableFuture<Thread> timer = new CompletableFuture<>();
        CompletableFuture<Thread> ping = new CompletableFuture<>();
        CompletableFuture<Thread> closer = new CompletableFuture<>();
        runtime.scheduler().schedule(() -> timer.complete(Thread.currentThread()), 1, TimeUnit.MILLISECONDS);
        runtime.pingSenders().execute(() -> ping.complete(Thread.currentThread()));
        runtime.rooms().closer().execute(() -> closer.complete(Thread.currentThread()));
        List<Thread> started = List.of(timer.get(20, TimeUnit.SECONDS), ping.get(20, TimeUnit.SECONDS),
                closer.get(20, TimeUnit.SECONDS));
        assertTrue(started.stream().allMatch(Thread::isAlive), "pool threads stay alive while the runtime runs");

        runtime.close();
        assertTrue(runtime.isClosed());
        await().atMost(Duration.ofSeconds(20)).until(() -> started.stream().noneMatch(Thread::isAlive));
        assertTrue(runtime.scheduler().isShutdown());
        assertThrows(RejectedExecutionException.class, () -> runtime.pingSenders().execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> runtime.rooms().closer().execute(() -> { }));

        runtime.close(); // a second close does nothing and does not throw
        assertTrue(runtime.isClosed());
    }

    @Test
    void aPartThatFailsToStartStopsThePartsStartedBeforeIt() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        // The backplane is read after the echo hub (and its watchdog on the timer) started.
        Settings bad = Settings.defaults().withText(Setting.BACKPLANE, "ftp://127.0.0.1:6379");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WskitRuntime.start(bad));
        assertTrue(e.getMessage().contains("redis or rediss"), e.getMessage());
        await().atMost(Duration.ofSeconds(20)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("wskit-")));
    }

    @Test
    void closeRunsTheClosesAlreadyQueued() throws Exception {
        WskitRuntime runtime = WskitRuntime.start(Settings.defaults());
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Void> queuedRan = new CompletableFuture<>();
        for (int i = 0; i < 4; i++) {
            runtime.rooms().closer().execute(gate::join);
        }
        runtime.rooms().closer().execute(() -> queuedRan.complete(null));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(runtime::close);
        ExecutorService closer = (ExecutorService) runtime.rooms().closer();
        await().atMost(Duration.ofSeconds(20)).until(closer::isShutdown);
        gate.complete(null);
        closing.get(20, TimeUnit.SECONDS);
        assertTrue(queuedRan.isDone(), "a close queued before the runtime closed still went out");
    }

    @Test
    void endpointConfigIsBuiltFromTheAnnotationAndCarriesTheRuntime() {
        try (WskitRuntime runtime = WskitRuntime.start(Settings.defaults())) {
            ServerEndpointConfig echo = WskitEndpoints.config(EchoEndpoint.class, runtime);
            assertEquals(EchoEndpoint.class.getAnnotation(ServerEndpoint.class).value(), echo.getPath());
            assertEquals(EchoEndpoint.class, echo.getEndpointClass());
            assertInstanceOf(EchoConfigurator.class, echo.getConfigurator());
            assertSame(runtime, WskitRuntime.of(echo));

            ServerEndpointConfig room = WskitEndpoints.config(RoomEndpoint.class, runtime);
            assertEquals("/rooms/{room}", room.getPath());
            assertEquals(List.of(RoomEndpoint.class.getAnnotation(ServerEndpoint.class).decoders()), room.getDecoders());
            assertSame(runtime, WskitRuntime.of(room));
        }
    }

    @Test
    void declaredDecodersAreBoundedByTheRuntimesSettings() {
        Settings settings = Settings.defaults().with(Setting.ROOMS_MAX_TEXT_MESSAGE_SIZE, 100)
                .with(Setting.ROOMS_MAX_ATTACHMENT_SIZE, 2000).with(Setting.BOARDS_MAX_MESSAGE_SIZE, 300);
        try (WskitRuntime runtime = WskitRuntime.start(settings)) {
            Map<String, Object> properties = WskitEndpoints.config(RoomEndpoint.class, runtime).getUserProperties();
            assertEquals(100L, properties.get(ClientMessageDecoder.MAX_BYTES));
            assertEquals(2000L, properties.get(AttachmentDecoder.MAX_BYTES));
            assertEquals(300L, properties.get(StrokesDecoder.MAX_BYTES));
        }
    }

    @Test
    void theCodecsDefaultsAreTheSettingsDefaults() {
        assertEquals(Setting.ROOMS_MAX_TEXT_MESSAGE_SIZE.defaultValue(), ClientMessageDecoder.DEFAULT_MAX_BYTES);
        assertEquals(Setting.ROOMS_MAX_ATTACHMENT_SIZE.defaultValue(), AttachmentDecoder.DEFAULT_MAX_BYTES);
        assertEquals(Setting.BOARDS_MAX_MESSAGE_SIZE.defaultValue(), StrokesDecoder.DEFAULT_MAX_BYTES);
    }

    @Test
    void anEndpointDeployedWithoutTheRuntimeIsToldHowWskitDeploysIt() {
        ServerEndpointConfig scanned = ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WskitRuntime.of(scanned));
        assertTrue(e.getMessage().contains("WskitBootstrap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WskitEndpoints.config(String.class, null));
    }

    @Test
    void containersScanningIsToldToDeployNothing() {
        WskitEndpoints application = new WskitEndpoints();
        assertEquals(Set.of(), application.getAnnotatedEndpointClasses(Set.copyOf(WskitEndpoints.ALL)));
        assertEquals(Set.of(), application.getEndpointConfigs(Set.of()));
        assertFalse(WskitEndpoints.ALL.isEmpty());
        for (Class<?> endpoint : WskitEndpoints.ALL) {
            assertTrue(endpoint.isAnnotationPresent(ServerEndpoint.class), endpoint.getName());
        }
    }
}
