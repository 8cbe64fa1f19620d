package dev.usersdk.event.internal;

import dev.usersdk.ConfigurationException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which webhook endpoints a sink may call: {@code https}, no user info, and (unless the host allows
 * it) only public addresses, so an endpoint a customer registers cannot reach the host's own
 * network (server-side request forgery). Not API.
 */
public final class Endpoints {
  private Endpoints() {}

  /** Parses and checks an endpoint URL; the message names the rule, not the URL's secrets. */
  public static URI check(String text, boolean allowInsecureLoopback, boolean allowPrivate) {
    URI uri;
    try {
      uri = new URI(text == null ? "" : text.trim());
    } catch (URISyntaxException e) {
      throw new ConfigurationException("a webhook endpoint must be an absolute https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null
        || !uri.isAbsolute()
        || uri.getRawUserInfo() != null
        || uri.getFragment() != null) {
      throw new ConfigurationException(
          "a webhook endpoint must be an absolute https URL with a host, no user info, no fragment");
    }
    boolean loopback = isLoopbackHost(host);
    if (!scheme.equals("https") && !(scheme.equals("http") && allowInsecureLoopback && loopback)) {
      throw new ConfigurationException(
          "a webhook endpoint must use https (plain http only to loopback, when allowed)");
    }
    if (!allowPrivate && !(allowInsecureLoopback && loopback)) {
      try {
        requirePublicAddresses(host);
      } catch (IOException e) {
        throw new ConfigurationException(
            "a webhook endpoint must be on a public address: " + e.getMessage());
      }
    }
    return uri;
  }

  public static boolean isLoopbackHost(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return bare.equalsIgnoreCase("localhost")
        || bare.startsWith("127.")
        || bare.equals("::1")
        || bare.equals("0:0:0:0:0:0:0:1");
  }

  /** Resolves the host; every address must be public, else this throws. */
  public static void requirePublicAddresses(String host) throws IOException {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IOException("the endpoint's host does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        throw new IOException("the endpoint's host resolves to an internal address");
      }
    }
  }

  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return !(first == 0
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240);
    }
    if (address instanceof Inet6Address) {
      return (b[0] & 0xfe) != 0xfc; // unique local fc00::/7
    }
    return true;
  }
}
