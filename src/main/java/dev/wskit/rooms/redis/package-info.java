/**
 * Rooms and boards shared by many wskit nodes through one Redis (standalone, or a primary with replicas behind
 * one address; not Redis Cluster yet: see below), built from Lettuce. Not wired into the endpoints yet: a
 * {@code dev.wskit.rooms.Backplane} adapter will sit on {@link dev.wskit.rooms.redis.RedisNode}.
 *
 * <h2>Data in Redis</h2>
 * Per room {@code R}, all with hash tag {@code {R}} (one slot): {@code wskit:room:{R}:meta} (hash: {@code epoch}, a
 * random id of this numbering; {@code seq}; {@code hbytes}; {@code joins}), {@code :log} (history: the final frames,
 * oldest first, a contiguous run of numbers ending at {@code seq}, trimmed to {@code historySize} and
 * {@code maxHistoryBytes}), {@code :members} (nick to {@code node-id/connection-id} and the member's pre-encoded
 * leave), {@code :order} (joining order), {@code :leases} (expiry in Redis time); channel {@code :feed}. Boards use
 * {@code wskit:board:{B}:...} the same way, {@code :log} holding the lines since the last clear. Every write renews
 * every key's time to live (two leases), so a room whose nodes all died disappears by itself. The last member's leave
 * deletes the keys: the next join starts a new epoch, as the local backplane starts a new room.
 *
 * <h2>One script, atomic</h2>
 * {@code backplane.lua} (EVALSHA, EVAL on NOSCRIPT) numbers a broadcast ({@code HINCRBY}), stamps it with Redis's
 * {@code TIME}, assembles the final frame (JSON: the node's head and tail around {@code "seq":N,"time":T}, byte for
 * byte {@code ServerMessageEncoder}'s output; attachments: u64 seq and time into bytes 1-16; strokes: u32 per
 * record), keeps it in history and publishes it, in one call. Joins claim the nick and check {@code maxMembers}
 * across nodes in the same call that broadcasts the {@code join} and reads the joiner's replay, so the replay and
 * the join are one cut.
 *
 * <h2>Leases</h2>
 * A claim lives {@code wskit.redis.leaseTime} past its node's last renewal ({@link dev.wskit.rooms.redis.Leases},
 * every {@code wskit.redis.leaseRenewInterval}). The renewal of a room also reaps its expired claims (their leaves
 * broadcast like any leave), and so does every join: so a dead node's members leave as soon as any live node has a
 * member in the room, or someone joins it. A node reaps only after being connected for a whole lease, so a Redis
 * outage never makes nodes reap each other's members.
 *
 * <h2>Fan-out</h2>
 * One subscription per room per node ({@link dev.wskit.rooms.redis.FeedHub}); a
 * {@link dev.wskit.rooms.redis.FeedPump} per room turns pub/sub into one ordered, gap-checked stream for the node's
 * {@link dev.wskit.rooms.redis.RoomFeed}, fetching what pub/sub lost from history (after a resubscription, a
 * reconnection, a full feed queue, or a number that stays ahead for two probes), and reporting
 * {@link dev.wskit.rooms.redis.RoomFeed#restarted} when the numbering changed (Redis lost its data).
 *
 * <h2>Wiring (the Backplane adapter)</h2>
 * <ol>
 * <li>{@code RoomsHub.start}: {@code RedisAddress.fromSetting(settings.text(Setting.BACKPLANE))}; if present,
 * {@code RedisNode.start(address, RedisOptions.from(settings))}, closed by {@code RoomsHub.close()}.</li>
 * <li>Per room with local members: a local fan-out object (its members' outboxes) implementing {@code RoomFeed};
 * the node's first member opens it with {@code feeds().openRoom}, the last closes it.</li>
 * <li>Join: open the subscription first (so nothing published after the join is missed), then
 * {@code rooms().join(room, nick, connectionId, since, epoch, onLost)}; on {@code Joined}: queue the replay to the
 * joiner ({@code gap} if {@code replay.gap(since)}, {@code history}, the frames), its own join frame and {@code here}
 * (from {@code members}, {@code seq}, {@code time}), then {@code subscription.admit(epoch, seq, admission)}: in
 * {@code admitted} offer the backlog and add the member to the fan-out. {@code NickTaken}/{@code RoomFull} map to
 * the existing refusals; {@code RedisUnavailableException} to an {@code error} (or 1011) naming Redis.</li>
 * <li>say/attach/history/draw through the claim; a null result or {@code onLost} means the member is no longer in
 * the room: close it (1012 and a reason) so its client resumes. {@code gap}/{@code restarted} on a feed: close the
 * room's local members the same way, and close the subscription on {@code restarted}.</li>
 * <li>Leave: {@code claim.leave()} (and drop from the fan-out; the last member closes the subscription).</li>
 * </ol>
 *
 * <p>Redis Cluster: every script call stays in one slot, but the channel is an ordinary (not sharded) channel and
 * nodes connect to one address; running on a cluster needs SPUBLISH/SSUBSCRIBE and a cluster client.
 */
package dev.wskit.rooms.redis;
