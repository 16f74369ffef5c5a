package dev.wskit.rooms.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claims this node holds, grouped by room and board, and their renewal: every {@code wskit.redis.leaseRenewInterval}
 * one script call per room or board renews this node's members there and, once this node has been connected to Redis
 * for a whole lease, reaps the members whose leases expired (their node died): each such member leaves as if it had
 * left itself ({@code leave} broadcast, the room ending with its last member). Waiting a whole lease after every
 * (re)connection means a Redis outage never makes the nodes reap each other: every live node renews within one
 * interval of coming back.
 *
 * <p>Threading: thread-safe; {@link #tick()} runs on the node's scheduler thread, claims come and go on any thread.
 */
final class Leases {

    private static final System.Logger LOG = System.getLogger(Leases.class.getName());

    private final RedisLink link;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    private static final class Group {
        final Keys keys;
        final Map<String, Claim> claims = new ConcurrentHashMap<>();

        Group(Keys keys) {
            this.keys = keys;
        }
    }

    Leases(RedisLink link) {
        this.link = link;
    }

    void add(Claim claim) {
        groups.compute(claim.keys.channelName(), (k, g) -> {
            Group group = g == null ? new Group(claim.keys) : g;
            group.claims.put(claim.name, claim);
            return group;
        });
    }

    void remove(Claim claim) {
        groups.computeIfPresent(claim.keys.channelName(), (k, g) -> {
            g.claims.remove(claim.name, claim);
            return g.claims.isEmpty() ? null : g;
        });
    }

    /** Every claim held. */
    List<Claim> all() {
        List<Claim> out = new ArrayList<>();
        for (Group g : groups.values()) {
            out.addAll(g.claims.values());
        }
        return out;
    }

    /** Claims held, for tests and metrics. */
    int size() {
        return groups.values().stream().mapToInt(g -> g.claims.size()).sum();
    }

    /** Whether this node may reap others' expired leases now. */
    boolean mayReap() {
        return link.upFor().compareTo(link.options().leaseTime()) >= 0;
    }

    /** Renews every claim (and reaps, when {@link #mayReap()}); tells the owners of claims Redis no longer holds. */
    void tick() {
        if (!link.isUp()) {
            return;
        }
        RedisOptions o = link.options();
        boolean reap = mayReap();
        List<Group> sent = new ArrayList<>();
        List<CompletionStage<Object>> answers = new ArrayList<>();
        try {
            for (Group g : groups.values()) {
                List<Claim> claims = new ArrayList<>(g.claims.values());
                if (claims.isEmpty()) {
                    continue;
                }
                boolean room = g.keys.kind() == Keys.Kind.ROOM;
                List<byte[]> args = new ArrayList<>(8 + 2 * claims.size());
                args.add(bytes(room ? "room-renew" : "board-renew"));
                args.add(g.keys.channel());
                args.add(bytes(Long.toString(o.keyTimeToLive().toMillis())));
                args.add(bytes(Long.toString(o.leaseTime().toMillis())));
                args.add(bytes(reap ? "1" : "0"));
                args.add(bytes(room ? JsonParts.head("presence", g.keys.name()) : ""));
                args.add(bytes(Integer.toString(o.historySize())));
                args.add(bytes(Long.toString(o.maxHistoryBytes())));
                for (Claim c : claims) {
                    args.add(bytes(c.name));
                    args.add(bytes(c.owner));
                }
                sent.add(g);
                answers.add(Lua.BACKPLANE.run(link.async(), g.keys.all(), args.toArray(new byte[0][])));
            }
        } catch (RedisUnavailableException e) {
            LOG.log(System.Logger.Level.DEBUG, "redis | renew | skipped: " + e.getMessage());
        }
        for (int i = 0; i < answers.size(); i++) {
            Group g = sent.get(i);
            try {
                Object answer = link.await(answers.get(i), "renewing leases in " + g.keys.kind().word + " '"
                        + g.keys.name() + "'");
                for (Object lost : (List<?>) answer) {
                    Claim c = g.claims.get(new String((byte[]) lost, StandardCharsets.UTF_8));
                    if (c != null) {
                        remove(c);
                        c.lost();
                    }
                }
            } catch (RedisUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "redis | renew | " + e.getMessage());
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
