package dev.myprofile.shared.config;

import dev.myprofile.shared.config.Config.ConfigException;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The one rule for every URL in the configuration (the issuer, the signing keys, the web origin): HTTPS,
 * or plain HTTP to this machine only (a local runtime, a test). Anything else would let whoever sits
 * on the network hand out keys or read tokens, so it is refused at start.
 */
public final class SecureUrls {
    private SecureUrls() {}

    /** {@code value} as a URI, refused unless it is HTTPS, or HTTP to a loopback address. */
    public static URI require(String name, String value) {
        return require(name, value, false);
    }

    /**
     * A URL only a browser opens (a link, never fetched here), under the same rule, where HTTP may
     * also go to a {@code *.localhost} name: browsers keep every such name on this machine (RFC 6761),
     * and treat it as a secure context, so a local sign-in can have a host of its own. The functions'
     * own fetches never get this: Java asks the resolver, which may send such a name anywhere.
     */
    public static URI requireForBrowser(String name, String value) {
        return require(name, value, true);
    }

    private static URI require(String name, String value, boolean browser) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " is not a URL: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean local = uri.getHost() != null
                && (isLoopback(uri.getHost()) || (browser && uri.getHost().toLowerCase(Locale.ROOT).endsWith(".localhost")));
        if (uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && local))) {
            throw new ConfigException(name + " must be an https:// URL (http:// only to this machine): " + value);
        }
        return uri;
    }

    /** A web origin ({@code scheme://host[:port]}, nothing after it) under the same rule. */
    public static String requireOrigin(String name, String value) {
        URI uri = require(name, value);
        if (!(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new ConfigException(name + " must be an origin, scheme://host[:port] with nothing after it: " + value);
        }
        return value;
    }

    /** localhost, 127.0.0.0/8 or ::1, by name or literal, never by a DNS lookup. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
