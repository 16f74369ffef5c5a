package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.core.exception.WebSocketWriteTimeoutException;
import org.junit.jupiter.api.Test;

/** {@link SessionTransport} without a container: a session whose async sends complete when the test says so. */
class SessionTransportTest {

    private final List<SendHandler> pending = new ArrayList<>();
    private final AtomicReference<CloseReason> closed = new AtomicReference<>();
    private final List<Throwable> results = new ArrayList<>();
    private final AtomicLong sendTimeout = new AtomicLong(-1);
    private final List<Object> sentObjects = new ArrayList<>();

    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAsyncRemote" -> async();
                case "getId" -> "s1";
                case "isOpen" -> closed.get() == null;
                case "close" -> {
                    closed.set((CloseReason) args[0]);
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private RemoteEndpoint.Async async() {
        return (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (List.of("sendText", "sendBinary", "sendObject").contains(method.getName())
                            && args.length == 2 && args[1] instanceof SendHandler h) {
                        pending.add(h);
                        sentObjects.add(args[0]);
                        return null;
                    }
                    if (method.getName().equals("setSendTimeout")) {
                        sendTimeout.set((Long) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private final SessionTransport transport = new SessionTransport(session, Runnable::run, 2500);

    @Test
    void closesAtOnceWhenNothingIsInFlight() {
        transport.close(CloseCodes.SLOW_MEMBER, "too slow");
        assertEquals(1008, closed.get().getCloseCode().getCode());
        assertEquals("too slow", closed.get().getReasonPhrase());
    }

    @Test
    void aCloseWaitsForTheSendInFlightThenGoesOut() {
        transport.sendText("hello", results::add);
        transport.close(CloseCodes.SLOW_MEMBER, "too slow");
        assertNull(closed.get(), "not while the send is in flight");
        pending.remove(0).onResult(new SendResult());
        assertEquals(1008, closed.get().getCloseCode().getCode());
        assertEquals(1, results.size());
        assertNull(results.get(0), "the send's own result still reaches its caller");
    }

    @Test
    void aReplyGoesOutAsAnObjectForTheDeclaredEncoderAndHoldsTheCloseLikeAnySend() {
        ServerMessage.Error reply = new ServerMessage.Error("bad-message", "no", 1);
        transport.sendObject(reply, results::add);
        transport.close(CloseCodes.TOO_BIG, "too big");
        assertSame(reply, sentObjects.get(0), "the object itself, not text encoded here");
        assertNull(closed.get());
        pending.remove(0).onResult(new SendResult());
        assertEquals(1009, closed.get().getCloseCode().getCode());
    }

    @Test
    void aFailedSendAlsoReleasesThePendingClose() {
        transport.sendBinary(ByteBuffer.allocate(3), results::add);
        transport.close(CloseCodes.TOO_BIG, "too big");
        IOException broken = new IOException("broken pipe");
        pending.remove(0).onResult(new SendResult(broken));
        assertSame(broken, results.get(0));
        assertEquals(1009, closed.get().getCloseCode().getCode());
    }

    @Test
    void theFirstCloseAskedForIsTheOneSent() {
        transport.sendText("a", results::add);
        transport.close(CloseCodes.SLOW_MEMBER, "too slow");
        transport.close(CloseCodes.TOO_BIG, "later");
        pending.remove(0).onResult(new SendResult());
        assertEquals("too slow", closed.get().getReasonPhrase());
    }

    @Test
    void setsTheSendTimeoutOnTheSessionsAsyncRemote() {
        assertEquals(2500, sendTimeout.get());
    }

    @Test
    void aSendThatTimesOutFailsAsSendTimedOutNamingTheSetting() {
        transport.sendText("a", results::add);
        transport.sendText("b", results::add);
        transport.sendText("c", results::add);
        pending.remove(0).onResult(new SendResult(new SocketTimeoutException())); // Tomcat
        pending.remove(0).onResult(new SendResult(new WebSocketWriteTimeoutException("FrameFlusher Write Timeout"))); // Jetty
        pending.remove(0).onResult(new SendResult(new IOException("broken pipe")));
        for (int i = 0; i < 2; i++) {
            Transport.SendTimedOut timedOut = assertInstanceOf(Transport.SendTimedOut.class, results.get(i));
            assertEquals("too slow: a message to you was not sent within 2500 ms (wskit.sendTimeout)", timedOut.getMessage());
        }
        assertEquals("broken pipe", results.get(2).getMessage(), "other failures are passed on as they are");
    }

    @Test
    void aSendRefusedBecauseTheSessionClosedIsReportedAsAClosedChannel() {
        RemoteEndpoint.Async refusing = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setSendTimeout")) {
                        return null;
                    }
                    throw new IllegalStateException("The WebSocket session [1] has been closed"); // Tomcat
                });
        Session closedSession = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> refusing;
                    case "isOpen" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        SessionTransport t = new SessionTransport(closedSession, Runnable::run, 1000);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.sendText("x", results::add));
        assertInstanceOf(ClosedChannelException.class, e.getCause());
        assertEquals("The WebSocket session [1] has been closed", e.getCause().getCause().getMessage());
    }

    @Test
    void aFailingCompletionStillReleasesThePendingClose() {
        transport.sendText("a", failure -> {
            throw new IllegalStateException("bug in the completion");
        });
        transport.close(CloseCodes.SLOW_MEMBER, "too slow");
        pending.remove(0).onResult(new SendResult());
        assertEquals(1008, closed.get().getCloseCode().getCode());
    }
}
