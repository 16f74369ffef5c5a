package dev.wskit.ops;

import dev.wskit.edge.Addresses;
import dev.wskit.edge.TrustedProxies.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which client addresses may use the operator's endpoints ({@code wskit.ops.allowedAddresses}): a list of CIDR
 * blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) and single addresses, numeric only, so that reading the setting never
 * asks DNS. An IPv4 address matches IPv4 blocks only, an IPv6 one IPv6 blocks (an IPv4-mapped IPv6 address is taken
 * as the IPv4 address it maps): the blocks are {@link Cidr}s, as {@code wskit.edge.trustedProxies} writes them.
 *
 * <p>Immutable; thread-safe.
 */
public final class AddressRules {

    private final List<Cidr> blocks;
    private final String text;

    private AddressRules(List<Cidr> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    /**
     * Parses a comma-separated list.
     *
     * @throws IllegalArgumentException naming {@code setting} and the bad entry
     */
    public static AddressRules parse(String list, String setting) {
        List<Cidr> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                blocks.add(Cidr.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
            }
        }
        return new AddressRules(List.copyOf(blocks), list.trim());
    }

    /**
     * Whether {@code address} (as a container reports it: numeric, IPv6 perhaps in brackets and, link-local, with
     * its scope: {@code fe80::1%eth0}) is allowed.
     */
    public boolean allows(String address) {
        if (address == null) {
            return false;
        }
        // The scope names the interface the peer is on, not the peer: the blocks match the address alone.
        InetAddress a = Addresses.parse(address.replaceFirst("%[^\\]]*", ""));
        if (a == null) {
            return false;
        }
        for (Cidr b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
