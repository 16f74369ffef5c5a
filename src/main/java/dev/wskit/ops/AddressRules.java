package dev.wskit.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which client addresses may use the operator's endpoints ({@code wskit.ops.allowedAddresses}): a list of CIDR
 * blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) and single addresses, numeric only, so that reading the setting never
 * asks DNS. An IPv4 address matches IPv4 blocks only, an IPv6 one IPv6 blocks (an IPv4-mapped IPv6 address is taken
 * as the IPv4 address it maps).
 *
 * <p>Immutable; thread-safe.
 */
public final class AddressRules {

    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;
    private final String text;

    private AddressRules(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    /**
     * Parses a comma-separated list.
     *
     * @throws IllegalArgumentException naming {@code setting} and the bad entry
     */
    public static AddressRules parse(String list, String setting) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            byte[] address = literal(host);
            if (address == null) {
                throw new IllegalArgumentException(setting + ": '" + entry + "' is not an IPv4 or IPv6 address"
                        + " or CIDR block (numeric, e.g. 127.0.0.0/8 or ::1)");
            }
            int max = address.length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException(setting + ": '" + entry + "' needs a prefix length from 0 to "
                            + max + " after the /");
                }
            }
            blocks.add(new Block(address, bits));
        }
        return new AddressRules(List.copyOf(blocks), list.trim());
    }

    /** Whether {@code address} (as a container reports it: numeric, IPv6 perhaps in brackets) is allowed. */
    public boolean allows(String address) {
        if (address == null) {
            return false;
        }
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        byte[] bytes = literal(a);
        if (bytes == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of a numeric address, or {@code null} if {@code s} is not one (no DNS lookup is ever made). */
    static byte[] literal(String s) {
        if (s.indexOf(':') >= 0) {
            try {
                // In brackets the JDK takes it as an IPv6 literal or refuses it; it never looks it up.
                return InetAddress.getByName("[" + s + "]").getAddress();
            } catch (UnknownHostException | RuntimeException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}")) {
                return null;
            }
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                return null;
            }
            out[i] = (byte) n;
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
