package dev.wskit.edge;

import dev.wskit.config.Setting;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is, when a reverse proxy stands in between: the TCP peer, unless the peer is one of
 * {@code wskit.edge.trustedProxies}, in which case {@code X-Forwarded-For} is read from the right (the hop the
 * trusted proxy itself saw) leftwards, past every trusted proxy, to the first address that is not one. A header
 * from an untrusted peer is ignored: anyone can send one. An entry that is not an IP address ends the walk at the
 * last good one. Only the last {@link #MAX_HOPS} hops are read.
 *
 * <p>Immutable; thread-safe.
 */
public final class TrustedProxies {

    /** Forwarded hops looked at, from the right. */
    static final int MAX_HOPS = 32;

    private final List<Cidr> trusted;

    /** @throws IllegalArgumentException naming the setting and the bad entry */
    public TrustedProxies(String list) {
        List<Cidr> blocks = new ArrayList<>();
        for (String entry : list.split(",")) {
            if (!entry.isBlank()) {
                try {
                    blocks.add(Cidr.parse(entry.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(Setting.EDGE_TRUSTED_PROXIES.key() + ": " + e.getMessage(), e);
                }
            }
        }
        this.trusted = List.copyOf(blocks);
    }

    public boolean isEmpty() {
        return trusted.isEmpty();
    }

    boolean trusts(InetAddress address) {
        if (address == null) {
            return false;
        }
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address.
     *
     * @param peer the TCP peer ({@code getRemoteAddr()})
     * @param forwardedFor every {@code X-Forwarded-For} header, in order (each a comma-separated list)
     * @return the client's address; {@code null} when the peer is
     */
    public InetAddress clientOf(InetAddress peer, List<String> forwardedFor) {
        if (peer == null || forwardedFor.isEmpty() || !trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop);
            }
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            InetAddress hop = Addresses.parse(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return client;
    }

    /**
     * An address block: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address, numeric only (read by
     * {@link Addresses#parse}, never looked up). An IPv4 address is in IPv4 blocks only, an IPv6 one in IPv6 blocks
     * (an IPv4-mapped IPv6 address is the IPv4 address it maps). Also the blocks of {@code wskit.ops.allowedAddresses}.
     * Immutable.
     */
    public record Cidr(byte[] network, int prefix) {

        /**
         * The block {@code text} names.
         *
         * @throws IllegalArgumentException starting with the quoted {@code text}, for a bad address or prefix length
         */
        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = Addresses.parse(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block (10.0.0.0/8, fd00::/8)");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + text + "': the prefix length must be 0 to " + bits);
                }
            }
            return new Cidr(address.getAddress(), prefix);
        }

        /** The network's bytes, a copy. */
        @Override
        public byte[] network() {
            return network.clone();
        }

        public boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
