package dev.usersdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for an Auth0 tenant (or any OIDC issuer) in tests: a JWKS endpoint on a loopback port
 * (JDK {@code HttpServer}, plain HTTP) publishing RSA keys, and a minter of tokens with any header
 * and claims, including the malformed and malicious ones a verifier must refuse. Written with the
 * JDK only, so that what it mints is checked by code that shares nothing with it.
 *
 * <pre>{@code
 * try (FakeAuth0 auth0 = FakeAuth0.start()) {
 *   String token = auth0.token().subject("auth0|ann").audience("https://api.example.com")
 *       .claim("email", "ann@example.com").sign();
 *   auth0.rotate();          // a new signing key, the old one still published
 *   auth0.outage();          // the endpoint stops answering
 *   auth0.fetches();         // how often the key set was asked for
 * }
 * }</pre>
 *
 * <p>Thread-safe. Tokens are signed at {@link #token()}'s {@code sign()}; the endpoint serves
 * whatever the keys and the {@linkplain #respondNormally() response mode} are at request time.
 */
public final class FakeAuth0 implements AutoCloseable {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String JWKS_PATH = "/.well-known/jwks.json";

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Key> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicInteger keyNumbers = new AtomicInteger();
  private volatile Key signingKey;
  private volatile Response response = Response.NORMAL;
  private volatile Duration delay = Duration.ZERO;
  private volatile int oversizedBytes;

  private enum Response {
    NORMAL,
    OUTAGE,
    SERVER_ERROR,
    SLOW,
    OVERSIZED,
    GARBAGE
  }

  private FakeAuth0() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Slow responses must not hold up the others: one thread per exchange.
    executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "fake-auth0");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(JWKS_PATH, this::serveKeys);
    signingKey = newKey(2048, "sig", "RS256");
    published.add(signingKey);
    server.start();
  }

  /** Starts the endpoint with one published RSA-2048 signing key. */
  public static FakeAuth0 start() {
    try {
      return new FakeAuth0();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the fake Auth0 endpoint", e);
    }
  }

  /**
   * {@code 127.0.0.1:port}: what {@code forDomain} takes (with an {@code http} issuer override).
   */
  public String domain() {
    return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:port/}: the {@code iss} of minted tokens, as Auth0 writes it. */
  public String issuer() {
    return "http://" + domain() + "/";
  }

  public URI jwksUri() {
    return URI.create("http://" + domain() + JWKS_PATH);
  }

  /** How many times the key set was requested, whatever was answered. */
  public int fetches() {
    return fetches.get();
  }

  /** The key new tokens are signed with. */
  public Key signingKey() {
    return signingKey;
  }

  /** Publishes a new RSA-2048 key and signs with it from now on; the old key stays published. */
  public Key rotate() {
    Key key = newKey(2048, "sig", "RS256");
    published.add(key);
    signingKey = key;
    return key;
  }

  /**
   * Publishes an extra key, e.g. one a verifier must not use: {@code addKey(1024, "sig", "RS256")},
   * {@code addKey(2048, "enc", "RS256")}, {@code addKey(2048, "sig", "RS512")}. {@code use} and
   * {@code alg} may be null to leave them out of the JWK.
   */
  public Key addKey(int bits, String use, String alg) {
    Key key = newKey(bits, use, alg);
    published.add(key);
    return key;
  }

  /**
   * Stops publishing the key (tokens signed with it can no longer be verified once caches expire).
   */
  public void remove(Key key) {
    published.remove(key);
  }

  /** Answers normally again. */
  public void respondNormally() {
    response = Response.NORMAL;
  }

  /** The endpoint accepts connections and closes them without an answer. */
  public void outage() {
    response = Response.OUTAGE;
  }

  /** The endpoint answers 500. */
  public void failWithServerError() {
    response = Response.SERVER_ERROR;
  }

  /** The endpoint answers normally after {@code delay}. */
  public void slow(Duration delay) {
    this.delay = Objects.requireNonNull(delay, "delay");
    response = Response.SLOW;
  }

  /** The endpoint answers a valid key set padded to {@code bytes}. */
  public void oversized(int bytes) {
    oversizedBytes = bytes;
    response = Response.OVERSIZED;
  }

  /** The endpoint answers 200 with an HTML page (a proxy's or CDN's error page). */
  public void garbage() {
    response = Response.GARBAGE;
  }

  /**
   * A token signed with the current signing key: {@code iss} this issuer, {@code iat} now, {@code
   * exp} in an hour.
   */
  public TokenBuilder token() {
    return new TokenBuilder();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "FakeAuth0[" + issuer() + ", " + published.size() + " key(s)]";
  }

  private void serveKeys(HttpExchange exchange) throws IOException {
    fetches.incrementAndGet();
    try (exchange) {
      switch (response) {
        case OUTAGE -> {
          return; // closed without a status line: the client sees the connection end
        }
        case SERVER_ERROR -> {
          exchange.sendResponseHeaders(500, -1);
          return;
        }
        case SLOW -> sleep(delay);
        default -> {}
      }
      StringBuilder body =
          new StringBuilder(
              response == Response.GARBAGE
                  ? "<html><body>502 Bad Gateway</body></html>"
                  : jwksJson());
      if (response == Response.OVERSIZED) {
        body.setLength(body.length() - 1); // reopen the object and pad it
        body.append(",\"padding\":\"");
        while (body.length() < oversizedBytes) {
          body.append('x');
        }
        body.append("\"}");
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      exchange
          .getResponseHeaders()
          .set("Content-Type", response == Response.GARBAGE ? "text/html" : "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private String jwksJson() {
    List<Object> keys = new ArrayList<>();
    for (Key key : published) {
      keys.add(key.jwk());
    }
    return Json.write(Map.of("keys", keys));
  }

  private Key newKey(int bits, String use, String alg) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return new Key("key-" + keyNumbers.incrementAndGet(), generator.generateKeyPair(), use, alg);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is unavailable", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An RSA key pair published (while it is) in the key set under {@link #kid()}. */
  public static final class Key {
    private final String kid;
    private final KeyPair pair;
    private final String use;
    private final String alg;

    private Key(String kid, KeyPair pair, String use, String alg) {
      this.kid = kid;
      this.pair = pair;
      this.use = use;
      this.alg = alg;
    }

    public String kid() {
      return kid;
    }

    public RSAPublicKey publicKey() {
      return (RSAPublicKey) pair.getPublic();
    }

    private Map<String, Object> jwk() {
      Map<String, Object> jwk = new LinkedHashMap<>();
      jwk.put("kty", "RSA");
      jwk.put("kid", kid);
      if (use != null) {
        jwk.put("use", use);
      }
      if (alg != null) {
        jwk.put("alg", alg);
      }
      jwk.put("n", BASE64URL.encodeToString(unsigned(publicKey().getModulus())));
      jwk.put("e", BASE64URL.encodeToString(unsigned(publicKey().getPublicExponent())));
      return jwk;
    }

    private static byte[] unsigned(BigInteger value) {
      byte[] bytes = value.toByteArray();
      return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    @Override
    public String toString() {
      return "Key[" + kid + ", RSA-" + publicKey().getModulus().bitLength() + "]";
    }
  }

  /** Builds a token: any claim or header can be set, replaced or removed. */
  public final class TokenBuilder {
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private Key key = signingKey;

    private TokenBuilder() {
      Instant now = Instant.now();
      header.put("alg", "RS256");
      header.put("typ", "JWT");
      header.put("kid", key.kid());
      claims.put("iss", FakeAuth0.this.issuer());
      claims.put("sub", "auth0|user");
      claims.put("iat", now.getEpochSecond());
      claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
    }

    public TokenBuilder subject(String subject) {
      return claim("sub", subject);
    }

    /** One audience as a string, several as an array (both are how Auth0 writes {@code aud}). */
    public TokenBuilder audience(String... audiences) {
      return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
    }

    public TokenBuilder issuer(String issuer) {
      return claim("iss", issuer);
    }

    public TokenBuilder expiresAt(Instant expiresAt) {
      return claim("exp", expiresAt.getEpochSecond());
    }

    public TokenBuilder notBefore(Instant notBefore) {
      return claim("nbf", notBefore.getEpochSecond());
    }

    /** Sets a claim: strings, numbers, booleans, lists and maps of those. */
    public TokenBuilder claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    public TokenBuilder withoutClaim(String name) {
      claims.remove(name);
      return this;
    }

    /** Sets a header parameter ({@code jku}, {@code x5u}, {@code jwk}, {@code typ}, ...). */
    public TokenBuilder header(String name, Object value) {
      header.put(name, value);
      return this;
    }

    public TokenBuilder kid(String kid) {
      return header("kid", kid);
    }

    /** Signs with another key (its kid in the header), published or not. */
    public TokenBuilder signedWith(Key other) {
      key = other;
      return kid(other.kid());
    }

    /** An RS256 JWS (or whatever {@code alg} the header claims, signed RS256 all the same). */
    public String sign() {
      String input = signingInput();
      try {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.pair.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + BASE64URL.encodeToString(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RS256 signing failed", e);
      }
    }

    /**
     * HS256 with {@code secret} as the MAC key: the key-confusion attack when the secret is a
     * public key.
     */
    public String signHs256(byte[] secret) {
      header.put("alg", "HS256");
      String input = signingInput();
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return input
            + "."
            + BASE64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HS256 signing failed", e);
      }
    }

    /** {@code alg: none} with an empty signature. */
    public String unsigned() {
      header.put("alg", "none");
      header.remove("kid");
      return signingInput() + ".";
    }

    private String signingInput() {
      return encode(header) + "." + encode(claims);
    }

    private String encode(Map<String, Object> json) {
      return BASE64URL.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Just enough JSON writing for JWKs and claims. */
  static final class Json {
    private Json() {}

    static String write(Object value) {
      StringBuilder out = new StringBuilder();
      write(out, value);
      return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
      if (value == null) {
        out.append("null");
      } else if (value instanceof String text) {
        string(out, text);
      } else if (value instanceof Number || value instanceof Boolean) {
        out.append(value);
      } else if (value instanceof Map<?, ?> map) {
        out.append('{');
        String separator = "";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          out.append(separator);
          string(out, String.valueOf(entry.getKey()));
          out.append(':');
          write(out, entry.getValue());
          separator = ",";
        }
        out.append('}');
      } else if (value instanceof Collection<?> list) {
        out.append('[');
        String separator = "";
        for (Object item : list) {
          out.append(separator);
          write(out, item);
          separator = ",";
        }
        out.append(']');
      } else {
        throw new IllegalArgumentException(
            "cannot write a " + value.getClass().getName() + " as JSON");
      }
    }

    private static void string(StringBuilder out, String text) {
      out.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }
  }
}
