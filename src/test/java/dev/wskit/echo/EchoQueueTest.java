package dev.wskit.echo;

import static dev.wskit.echo.EchoQueue.CLOSE_AFTER;
import static dev.wskit.echo.EchoQueue.FIRST;
import static dev.wskit.echo.EchoQueue.LAST;
import static dev.wskit.echo.EchoQueue.TEXT;
import static dev.wskit.echo.EchoQueue.WHOLE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.ops.Traffic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The echo queue without a container: a {@link FakeRemote} stands for the client and its connection. */
class EchoQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int WHOLE_TEXT = TEXT | WHOLE | FIRST | LAST;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named("timer"));
    private final ExecutorService senders = Executors.newCachedThreadPool(named("sender"));
    private final ExecutorService closer = Executors.newCachedThreadPool(named("closer"));
    private final List<EchoQueue> live = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        live.forEach(EchoQueue::stop);
        scheduler.shutdownNow();
        senders.shutdownNow();
        closer.shutdownNow();
    }

    private EchoQueue queue(FakeRemote remote, EchoBudget budget, long bound, long sendTimeoutMillis, EchoKnobs knobs) {
        return queue(remote, budget, bound, sendTimeoutMillis, knobs, Traffic.NONE);
    }

    private EchoQueue queue(FakeRemote remote, EchoBudget budget, long bound, long sendTimeoutMillis, EchoKnobs knobs,
            Traffic traffic) {
        EchoQueue q = new EchoQueue(remote, new EchoQueue.Wiring(budget, senders, closer, scheduler, sendTimeoutMillis,
                live::remove), bound, "wskit.echo.maxBinaryMessageSize", knobs, traffic);
        live.add(q);
        return q;
    }

    private EchoQueue queue(FakeRemote remote, long bound) {
        return queue(remote, new EchoBudget(1L << 30), bound, 10_000, EchoKnobs.NONE);
    }

    private static EchoKnobs knobs(long delayMillis, int repeat) {
        return new EchoKnobs(Duration.ofMillis(delayMillis), repeat, 0, 1000, "", Duration.ZERO);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aWholeMessageGoesBackAsynchronouslyFromTheReadingThreadWhenNothingIsInFlight() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoBudget budget = new EchoBudget(1 << 20);
        EchoQueue q = queue(remote, budget, 1 << 20, 10_000, EchoKnobs.NONE);
        assertTrue(q.offer("hello", 5, WHOLE_TEXT, 0));
        FakeRemote.Sent sent = remote.next();
        assertEquals(new FakeRemote.Sent("text", "hello", true, Thread.currentThread().getName()), sent);
        assertEquals(0, q.pendingBytes());
        assertEquals(0, budget.used());
    }

    @Test
    void everyReplyHandedToTheContainerIsToldInItsExactBytesAndTheServersCloseIsMarked() throws Exception {
        FakeRemote remote = new FakeRemote();
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        Traffic traffic = new Traffic() {
            @Override
            public void sent(long bytes, boolean last) {
                told.add("sent " + bytes + (last ? " last" : ""));
            }

            @Override
            public void closing(int code) {
                told.add("closing " + code);
            }

            @Override
            public void overflowed() {
            }

            @Override
            public void resumed(boolean complete) {
            }

            @Override
            public void refusedFull() {
            }
        };
        EchoQueue q = queue(remote, new EchoBudget(1 << 20), 1 << 20, 10_000, knobs(0, 2), traffic);
        assertTrue(q.offer("hi", 2, WHOLE_TEXT, 0)); // under the least charge: counted as what it is
        assertEquals("hi", remote.next().data());
        assertEquals("hi", remote.next().data());
        q.offer(bytes("ab"), 2, FIRST, 0);
        q.offer(bytes("c"), 1, LAST, 0);
        assertEquals("ab", remote.next().data());
        assertEquals("c", remote.next().data());
        q.requestClose(4000, "enough");
        assertEquals(4000, remote.closed.get(20, TimeUnit.SECONDS).code());
        assertEquals(List.of("sent 2 last", "sent 2 last", "sent 2", "sent 1 last", "closing 4000"), told);
    }

    @Test
    void repliesQueueBehindTheOneInFlightAndGoOutInOrder() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, 1 << 20);
        remote.stall();
        for (String s : List.of("a", "b", "c")) {
            assertTrue(q.offer(s, 1, WHOLE_TEXT, 0));
        }
        assertEquals("a", remote.next().data());
        assertTrue(remote.sent.isEmpty(), "one send in flight at a time");
        assertEquals(3 * EchoQueue.MIN_CHARGE, q.pendingBytes());
        remote.read();
        assertEquals("b", remote.next().data());
        assertEquals("c", remote.next().data());
        assertEquals(1, remote.maxInFlight.get());
        await().atMost(WAIT).until(() -> q.pendingBytes() == 0);
    }

    @Test
    void partsOfAMessageAreSentBlockingFromASenderThreadNeverTheReadingThread() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, 1 << 20);
        q.offer(bytes("ab"), 2, FIRST, 0);
        q.offer(bytes("cd"), 2, 0, 0);
        q.offer(bytes("e"), 1, LAST, 0);
        for (String part : List.of("ab", "cd", "e")) {
            FakeRemote.Sent sent = remote.next();
            assertEquals("binary-part", sent.kind());
            assertEquals(part, sent.data());
            assertEquals(part.equals("e"), sent.last());
            assertTrue(sent.thread().startsWith("sender"), "sent from " + sent.thread());
        }
        await().atMost(WAIT).until(() -> q.pendingBytes() == 0);
    }

    @Test
    void theReaderNeverWaitsWhileTheBacklogHasRoomEvenIfTheClientDoesNotRead() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, 10_000);
        remote.stall();
        byte[] part = new byte[1000];
        for (int i = 0; i < 10; i++) {
            assertTrue(q.offer(ByteBuffer.wrap(part), 1000, i == 0 ? FIRST : i == 9 ? LAST : 0, 0));
        }
        assertEquals(10_000, q.pendingBytes(), "a whole message of the limit fits while the client writes it");
        remote.next();
        remote.read();
        for (int i = 1; i < 10; i++) {
            remote.next();
        }
        await().atMost(WAIT).until(() -> q.pendingBytes() == 0);
    }

    @Test
    void aFullBacklogHoldsTheReaderUntilTheClientReads() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, 2000);
        remote.stall();
        assertTrue(q.offer(ByteBuffer.wrap(new byte[1000]), 1000, FIRST, 0));
        assertTrue(q.offer(ByteBuffer.wrap(new byte[1000]), 1000, 0, 0));
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(
                () -> q.offer(ByteBuffer.wrap(new byte[1000]), 1000, LAST, 0));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !third.isDone());
        remote.read();
        assertTrue(third.get(20, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            remote.next();
        }
        await().atMost(WAIT).until(() -> q.pendingBytes() == 0);
        assertFalse(remote.closed.isDone());
    }

    @Test
    void aReaderThatFindsNoRoomForTheSendTimeoutGivesUpAndTheConnectionClosesWith1008() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, new EchoBudget(1 << 20), 1000, 300, EchoKnobs.NONE);
        remote.stall();
        assertTrue(q.offer(ByteBuffer.wrap(new byte[1000]), 1000, FIRST | LAST | WHOLE, 0));
        long start = System.nanoTime();
        assertFalse(q.offer(ByteBuffer.wrap(new byte[100]), 100, FIRST | LAST | WHOLE, 0), "one byte too many");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 300, "waited the send timeout");
        assertFalse(remote.closed.isDone(), "the close follows the send in flight");
        remote.read();
        EchoQueue.Close close = remote.closed.get(20, TimeUnit.SECONDS);
        assertEquals(1008, close.code());
        assertTrue(close.reason().contains("wskit.echo.maxBinaryMessageSize") && close.reason().contains("wskit.sendTimeout"),
                close.reason());
        assertTrue(close.reason().getBytes(StandardCharsets.UTF_8).length <= 123);
        assertEquals(1, remote.sent.size(), "the reply that did not fit is not sent");
    }

    @Test
    void theServerBudgetBoundsAllConnectionsTogetherAndPastItTheReaderWaitsThenCloses() throws Exception {
        EchoBudget budget = new EchoBudget(4096);
        FakeRemote slow = new FakeRemote();
        EchoQueue slowQueue = queue(slow, budget, 1 << 20, 300, EchoKnobs.NONE);
        slow.stall();
        assertTrue(slowQueue.offer(ByteBuffer.wrap(new byte[4032]), 4032, FIRST | LAST | WHOLE, 0));
        FakeRemote other = new FakeRemote();
        EchoQueue otherQueue = queue(other, budget, 1 << 20, 300, EchoKnobs.NONE);
        other.stall();
        assertTrue(otherQueue.offer("x", 1, WHOLE_TEXT, 0), "exactly the budget fits");
        assertEquals(4096, budget.used());

        assertFalse(otherQueue.offer("y", 1, WHOLE_TEXT, 0), "one reply past the budget");
        other.read();
        EchoQueue.Close close = other.closed.get(20, TimeUnit.SECONDS);
        assertEquals(1008, close.code());
        assertTrue(close.reason().contains("wskit.echo.maxPendingBytes"), close.reason());
        assertFalse(slow.closed.isDone(), "the connection that holds the budget is not the one refused");
        await().atMost(WAIT).until(() -> budget.used() == 4032);

        slow.read();
        await().atMost(WAIT).until(() -> budget.used() == 0);
        assertTrue(slowQueue.offer("z", 1, WHOLE_TEXT, 0), "room again once the client read");
    }

    @Test
    void theBudgetReturnsToZeroWhenConnectionsEndWhateverTheyHadQueued() throws Exception {
        EchoBudget budget = new EchoBudget(1 << 20);
        List<FakeRemote> remotes = new ArrayList<>();
        List<EchoQueue> queues = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FakeRemote remote = new FakeRemote();
            remote.stall();
            EchoQueue q = queue(remote, budget, 1 << 20, 10_000, EchoKnobs.NONE);
            q.offer(ByteBuffer.wrap(new byte[5000]), 5000, FIRST, 0); // blocked in a partial send
            q.offer("queued", 6, WHOLE_TEXT, 0);
            remotes.add(remote);
            queues.add(q);
        }
        assertTrue(budget.used() >= 5 * 5000);
        queues.forEach(EchoQueue::stop);
        assertEquals(0, budget.used(), "released at once, even with sends still blocked");
        remotes.forEach(FakeRemote::read);
        await().atMost(WAIT).until(() -> queues.stream().allMatch(EchoQueue::isDone));
        assertEquals(0, budget.used(), "and not released twice");
    }

    @Test
    void theDelayIsScheduledNotSleptAndHoldsBackLaterReplies() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, new EchoBudget(1 << 20), 1 << 20, 10_000, knobs(200, 1));
        long start = System.nanoTime();
        assertTrue(q.offer("one", 3, WHOLE_TEXT, 0));
        assertTrue(q.offer("two", 3, WHOLE_TEXT, 0));
        assertTrue(remote.sent.isEmpty(), "nothing goes out before the delay");
        FakeRemote.Sent one = remote.next();
        long first = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        FakeRemote.Sent two = remote.next();
        long second = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("one", one.data());
        assertTrue(one.thread().startsWith("timer"), "sent when the delay ran out, not by the reader: " + one.thread());
        assertTrue(first >= 200, "first after " + first + " ms");
        assertEquals("two", two.data());
        assertTrue(second >= 400, "the second waited for the first, then its own delay: " + second + " ms");
    }

    @Test
    void repeatSendsTheWholeMessageTheRequestedNumberOfTimesThenReleasesIt() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoBudget budget = new EchoBudget(1 << 20);
        EchoQueue q = queue(remote, budget, 1 << 20, 10_000, knobs(0, 3));
        q.offer(bytes("xyz"), 3, FIRST | LAST | WHOLE, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(new FakeRemote.Sent("binary", "xyz", true, Thread.currentThread().getName()), remote.next());
        }
        assertEquals(0, budget.used());
    }

    @Test
    void closeAfterClosesWithTheKnobsCodeOnceThatReplyIsSent() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoKnobs knobs = new EchoKnobs(Duration.ZERO, 1, 2, 4001, "bye now", Duration.ZERO);
        EchoQueue q = queue(remote, new EchoBudget(1 << 20), 1 << 20, 10_000, knobs);
        remote.stall();
        q.offer("one", 3, WHOLE_TEXT, 0);
        q.offer("two", 3, WHOLE_TEXT | CLOSE_AFTER, 0);
        assertFalse(remote.closed.isDone());
        remote.read();
        assertEquals("one", remote.next().data());
        assertEquals("two", remote.next().data());
        assertEquals(new EchoQueue.Close(4001, "bye now"), remote.closed.get(20, TimeUnit.SECONDS));
        assertFalse(q.offer("three", 5, WHOLE_TEXT, 0), "nothing more once closing");
    }

    @Test
    void aRequestedCloseDropsWhatIsQueuedAndFollowsTheSendInFlight() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoBudget budget = new EchoBudget(1 << 20);
        EchoQueue q = queue(remote, budget, 1 << 20, 10_000, EchoKnobs.NONE);
        remote.stall();
        q.offer(bytes("aaaa"), 4, FIRST, 0);
        assertEquals("aaaa", remote.next().data());
        q.offer(bytes("bbbb"), 4, 0, 0);
        q.requestClose(1009, "Binary message exceeds 8 bytes");
        assertFalse(remote.closed.isDone(), "not while a send is in flight");
        remote.read();
        assertEquals(new EchoQueue.Close(1009, "Binary message exceeds 8 bytes"), remote.closed.get(20, TimeUnit.SECONDS));
        assertTrue(remote.sent.isEmpty(), "the queued part was dropped");
        assertEquals(0, budget.used());
    }

    @Test
    void aSendStuckForTheSendTimeoutIsLoggedOnceAbortedAndClosedWith1008ButNotOneNanosecondEarlier() throws Exception {
        long timeout = 1000;
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, new EchoBudget(1 << 20), 1 << 20, timeout, EchoKnobs.NONE);
        remote.stall();
        long before = System.nanoTime();
        q.offer(bytes("part"), 4, FIRST, 0);
        remote.next(); // blocked in the sender
        long started = System.nanoTime();
        long t = TimeUnit.MILLISECONDS.toNanos(timeout);
        assertFalse(q.checkStuck(before + t - 1), "stuck for less than the send timeout");
        assertFalse(remote.aborted.isDone());
        assertTrue(q.checkStuck(started + t));
        assertFalse(q.checkStuck(started + 2 * t), "reported once");
        remote.aborted.get(20, TimeUnit.SECONDS);
        EchoQueue.Close close = remote.closed.get(20, TimeUnit.SECONDS);
        assertEquals(1008, close.code());
        assertEquals("you did not read for 1 s (wskit.sendTimeout)", close.reason());
    }

    @Test
    void aStuckPingCountsLikeAStuckSend() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, new EchoBudget(1 << 20), 1 << 20, 1000, EchoKnobs.NONE);
        remote.stall();
        q.ping(senders);
        assertEquals("ping", remote.next().kind());
        long started = System.nanoTime();
        assertTrue(q.checkStuck(started + TimeUnit.MILLISECONDS.toNanos(1000)));
        remote.aborted.get(20, TimeUnit.SECONDS);
        assertEquals(1008, remote.closed.get(20, TimeUnit.SECONDS).code());
    }

    @Test
    void pingsGoOutOnlyWhenNothingIsQueuedOrInFlightAndNeverOverlapASend() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, 1 << 20);
        remote.stall();
        q.offer("data", 4, WHOLE_TEXT, 0);
        remote.next();
        q.ping(senders);
        remote.read();
        await().atMost(WAIT).until(() -> q.pendingBytes() == 0);
        assertTrue(remote.sent.isEmpty(), "the ping due during the send was skipped");
        q.ping(senders);
        FakeRemote.Sent ping = remote.next();
        assertEquals("ping", ping.kind());
        assertTrue(ping.thread().startsWith("sender"), "pings are sent by the ping senders: " + ping.thread());
        q.offer("after", 5, WHOLE_TEXT, 0);
        assertEquals("after", remote.next().data());
        assertEquals(1, remote.maxInFlight.get());
    }

    @Test
    void emptyRepliesAreChargedTheMinimumSoTheirNumberIsBoundedToo() throws Exception {
        FakeRemote remote = new FakeRemote();
        EchoQueue q = queue(remote, new EchoBudget(1 << 20), 10 * EchoQueue.MIN_CHARGE, 200, EchoKnobs.NONE);
        remote.stall();
        for (int i = 0; i < 10; i++) {
            assertTrue(q.offer("", 0, WHOLE_TEXT, 0), "empty reply " + (i + 1));
        }
        assertFalse(q.offer("", 0, WHOLE_TEXT, 0), "the eleventh does not fit");
    }

    @Test
    void manyReadersAndCompletionsKeepTheAccountingExact() throws Exception {
        EchoBudget budget = new EchoBudget(1 << 20);
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        AtomicInteger received = new AtomicInteger();
        for (int c = 0; c < 8; c++) {
            FakeRemote remote = new FakeRemote();
            EchoQueue q = queue(remote, budget, 1 << 16, 10_000, EchoKnobs.NONE);
            runs.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2000; i++) {
                    boolean whole = i % 3 == 0;
                    q.offer(ByteBuffer.wrap(new byte[i % 200]), i % 200, whole ? FIRST | LAST | WHOLE
                            : i % 3 == 1 ? FIRST : LAST, 0);
                }
            }));
            CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        remote.next();
                        received.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> received.get() == 8 * 2000);
        await().atMost(WAIT).until(() -> budget.used() == 0);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
