package dev.wskit.edge;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals as they appear in servlet requests and {@code X-Forwarded-For}: parsed without any name
 * lookup, IPv4-mapped IPv6 taken as IPv4, optional brackets and port removed. Stateless.
 */
public final class Addresses {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Addresses() {
    }

    /**
     * The address a literal names, or {@code null} when it is not an IP address literal ({@code unknown}, a host
     * name, garbage). Accepts {@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code ::1}, {@code [::1]}, {@code [::1]:5678}.
     */
    public static InetAddress parse(String literal) {
        if (literal == null) {
            return null;
        }
        String s = literal.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || (close + 1 < s.length() && !s.substring(close + 1).matches(":\\d{1,5}"))) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') > 0) {
            s = s.substring(0, s.indexOf(':')); // 1.2.3.4:5678
        }
        try {
            if (IPV4.matcher(s).matches()) {
                return InetAddress.getByName(s); // a dotted quad is parsed, never looked up
            }
            if (s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
                return InetAddress.getByName(s); // with a colon the JDK parses an IPv6 literal, never looks it up
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /**
     * What per-address limits count by: the IPv4 address, or the /64 network of an IPv6 address (one IPv6 host
     * commonly has a whole /64 to itself).
     */
    static String limitKey(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF))).append(':');
        }
        return key.append(":/64").toString();
    }

    /** How an address {@link #parse} read is shown: {@code 1.2.3.4}, or the JDK's full IPv6 form (never a scope). */
    static String show(InetAddress address) {
        return address.getHostAddress();
    }
}
