package dev.wskit.rooms.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * This node's pub/sub subscriptions: one per room or board with local members, each feeding a {@link FeedPump} that
 * hands the room's broadcasts, in order and complete, to the node's {@link RoomFeed}.
 *
 * <p>Recovery: Lettuce resubscribes every channel after it reconnects; each resubscription's confirmation makes that
 * room catch up from history (what was published while the subscription was down), and so does every reconnection of
 * the command connection. {@link #probe()} (each lease interval) asks Redis for every followed room's number so a
 * message lost with nothing after it is still found.
 *
 * <p>Threading: thread-safe. Subscribing and unsubscribing are issued under this hub's lock (non-blocking sends, in
 * order on the one pub/sub connection); the listener runs on Lettuce's event loop and only parses and queues.
 */
public final class FeedHub {

    private static final System.Logger LOG = System.getLogger(FeedHub.class.getName());

    private final Executor executor;
    private volatile RoomStore rooms;
    private volatile BoardStore boards;
    private final Map<String, FeedSubscription> open = new ConcurrentHashMap<>();
    private volatile RedisLink link;

    final RedisPubSubListener<byte[], byte[]> listener = new RedisPubSubAdapter<>() {
        @Override
        public void message(byte[] channel, byte[] message) {
            FeedSubscription s = open.get(new String(channel, StandardCharsets.UTF_8));
            if (s != null) {
                s.pump.offer(Envelope.parse(message));
            }
        }

        @Override
        public void subscribed(byte[] channel, long count) {
            FeedSubscription s = open.get(new String(channel, StandardCharsets.UTF_8));
            if (s == null) {
                return;
            }
            if (s.pump.confirmed) {
                s.pump.catchUp("resubscribed");
            } else {
                s.pump.confirmed = true;
            }
        }
    };

    FeedHub(Executor executor) {
        this.executor = executor;
    }

    /** Completes the hub once the node has its link and stores (the link needs the hub's listener first). */
    void bind(RedisLink link, RoomStore rooms, BoardStore boards) {
        this.link = link;
        this.rooms = rooms;
        this.boards = boards;
    }

    /**
     * Subscribes this node to {@code room}'s broadcasts, delivered to {@code feed}; returns once Redis confirmed the
     * subscription, so everything published after this returns reaches the feed. Then join the member
     * ({@link RoomStore#join}) and {@link FeedSubscription#admit} it.
     *
     * @throws IllegalStateException when this node already follows the room (one subscription per room per node)
     * @throws RedisUnavailableException when Redis cannot confirm it in time
     */
    public FeedSubscription openRoom(String room, RoomFeed feed) {
        return open(Keys.of(Keys.Kind.ROOM, room), feed, after -> {
            RoomStore.Replay r = rooms.history(room, after, null);
            return r == null ? null : new FeedPump.CatchUp(r.epoch(), r.last(), r.frames(), false);
        });
    }

    /** As {@link #openRoom}, for a board; a board that fell behind is delivered whole again. */
    public FeedSubscription openBoard(String board, RoomFeed feed) {
        return open(Keys.of(Keys.Kind.BOARD, board), feed, after -> {
            BoardStore.State s = boards.state(board);
            return s == null ? null : new FeedPump.CatchUp(s.epoch(), s.seq(),
                    List.of(new Numbered(0, s.seq(), s.snapshot())), true);
        });
    }

    private FeedSubscription open(Keys keys, RoomFeed feed, FeedPump.Source source) {
        RedisLink l = link;
        RedisOptions o = l.options();
        FeedSubscription s;
        CompletionStage<Void> confirmed;
        synchronized (this) {
            if (open.containsKey(keys.channelName())) {
                throw new IllegalStateException("this node already follows " + keys.kind().word + " '" + keys.name() + "'");
            }
            FeedPump pump = new FeedPump(keys.kind().word + " '" + keys.name() + "'", feed, source, executor,
                    o.feedQueueMessages(), o.feedQueueBytes());
            s = new FeedSubscription(this, keys, pump);
            open.put(keys.channelName(), s);
            try {
                confirmed = l.pubsub().async().subscribe(keys.channel());
            } catch (RuntimeException e) {
                open.remove(keys.channelName(), s);
                RedisLink.forgetThreadLocals();
                throw l.unavailable(e, "subscribing to " + keys.kind().word + " '" + keys.name() + "'");
            }
        }
        try {
            l.await(confirmed, "subscribing to " + keys.kind().word + " '" + keys.name() + "'");
        } catch (RedisUnavailableException e) {
            close(s);
            throw e;
        }
        return s;
    }

    void close(FeedSubscription s) {
        synchronized (this) {
            if (!open.remove(s.keys().channelName(), s)) {
                return;
            }
            try {
                link.pubsub().async().unsubscribe(s.keys().channel());
            } catch (RuntimeException e) {
                // Not connected: Lettuce forgets the channel with the connection or unsubscribes on the next one;
                // a stray message for it is ignored (no subscription is open).
                LOG.log(System.Logger.Level.DEBUG, "redis | unsubscribe | " + s.keys().channelName() + ": " + e.getMessage());
            } finally {
                RedisLink.forgetThreadLocals();
            }
        }
        s.pump.close(s.keys().kind().word + " '" + s.keys().name() + "' is no longer followed on this node");
    }

    /** Subscriptions open, for tests and metrics. */
    public int size() {
        return open.size();
    }

    /** Every followed room catches up from history: the command connection is back. */
    void catchUpAll(String why) {
        for (FeedSubscription s : open.values()) {
            s.pump.catchUp(why);
        }
    }

    /** Asks Redis for every followed room's epoch and number; each pump compares with what it delivered. */
    void probe() {
        RedisLink l = link;
        if (l == null || !l.isUp()) {
            return;
        }
        for (FeedSubscription s : open.values()) {
            try {
                l.async().hmget(s.keys().meta(), Keys.bytes("epoch"), Keys.bytes("seq"))
                        .whenComplete((values, failure) -> {
                            if (failure == null) {
                                s.pump.probe(value(values, 0), seq(value(values, 1)));
                            }
                        });
            } catch (RedisUnavailableException e) {
                return;
            }
        }
    }

    /** Closes every subscription, e.g. when the node stops. */
    void closeAll() {
        for (FeedSubscription s : open.values()) {
            close(s);
        }
    }

    private static String value(List<KeyValue<byte[], byte[]>> values, int i) {
        KeyValue<byte[], byte[]> kv = values.get(i);
        return kv.hasValue() ? new String(kv.getValue(), StandardCharsets.UTF_8) : null;
    }

    private static long seq(String s) {
        return s == null ? -1 : Long.parseLong(s);
    }
}
