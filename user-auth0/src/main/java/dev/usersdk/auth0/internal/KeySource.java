package dev.usersdk.auth0.internal;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.usersdk.health.HealthStatus;
import dev.usersdk.health.KeySetHealth;
import dev.usersdk.observe.Observer;
import java.io.Closeable;
import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, fetched from its JWKS endpoint through nimbus' {@link
 * JWKSourceBuilder} chain: a cache with refresh ahead of expiry, a rate limit on refetches (an
 * unknown {@code kid} forces at most one per interval), outage tolerance (keys already seen keep
 * working while the endpoint is down), one retry, and an HTTP client with connect/read timeouts and
 * a size limit. Not API.
 */
final class KeySource implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(KeySource.class);

  private final JWKSource<SecurityContext> source;
  private final long knownForNanos;

  /** System.nanoTime() of the last successful fetch; 0 before the first. */
  private final AtomicLong lastFetched = new AtomicLong();

  private final String issuer;

  /** Told of each fetch; set once a client is built with the authenticator. */
  private volatile Observer observer = Observer.none();

  /** Why the last fetch failed; null when it succeeded (or none was made). */
  private final AtomicReference<String> lastFailure = new AtomicReference<>();

  KeySource(URL jwksUrl, VerifierSettings settings) {
    this.issuer = settings.issuer();
    ResourceRetriever http =
        new DefaultResourceRetriever(
            millis(settings.connectTimeout()),
            millis(settings.readTimeout()),
            settings.maxKeySetBytes());
    ResourceRetriever tracking =
        url -> {
          try {
            Resource resource = http.retrieveResource(url);
            JWKSet.parse(
                resource.getContent()); // only a key set counts as fetched, not a 200 with garbage
            lastFetched.set(System.nanoTime());
            lastFailure.set(null);
            observer.keySetFetched(issuer, true);
            log.debug("fetched the key set of {}", url);
            return resource;
          } catch (IOException e) {
            log.warn("could not fetch the key set of {}: {}", url, e.toString());
            lastFailure.set("could not fetch the key set: " + e);
            observer.keySetFetched(issuer, false);
            throw e;
          } catch (ParseException e) {
            log.warn("the key set of {} is not a JWK set: {}", url, e.getMessage());
            lastFailure.set("the key set fetched is not a JWK set");
            observer.keySetFetched(issuer, false);
            throw new IOException("not a JWK set", e);
          }
        };
    Duration refreshTimeout = settings.connectTimeout().plus(settings.readTimeout());
    this.source =
        JWKSourceBuilder.create(jwksUrl, tracking)
            .cache(settings.cacheTtl().toMillis(), refreshTimeout.toMillis())
            // Refreshes are scheduled ahead of expiry, so no request waits for one even on an idle
            // service; they run on daemon threads, so an application that never closes the
            // authenticator still exits.
            .refreshAheadCache(
                settings.refreshAhead().toMillis(), null, refresher(), true, scheduler(), true)
            .rateLimited(settings.unknownKidRefetchInterval().toMillis())
            .outageTolerant(settings.outageTolerance().toMillis())
            .retrying(true)
            .build();
    this.knownForNanos = settings.cacheTtl().plus(settings.outageTolerance()).toNanos();
  }

  private static ExecutorService refresher() {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "usersdk-jwks-refresh");
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  private static ScheduledExecutorService scheduler() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "usersdk-jwks-schedule");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }

  JWKSource<SecurityContext> source() {
    return source;
  }

  /**
   * Whether a key set was fetched recently enough to still be in use: when a refetch is refused by
   * the rate limit, a token whose key is missing from it is refused (a 401), while with no key set
   * at all the verifier is unavailable (a 503).
   */
  boolean keysKnown() {
    long fetched = lastFetched.get();
    return fetched != 0 && System.nanoTime() - fetched < knownForNanos;
  }

  void observedBy(Observer observer) {
    this.observer = observer;
  }

  /** How old the keys in hand are and whether the last fetch failed; no I/O. */
  KeySetHealth health() {
    long fetched = lastFetched.get();
    Optional<Duration> age =
        fetched == 0
            ? Optional.empty()
            : Optional.of(Duration.ofNanos(System.nanoTime() - fetched));
    String failure = lastFailure.get();
    if (failure != null) {
      return new KeySetHealth(issuer, HealthStatus.DEGRADED, age, Optional.of(failure));
    }
    if (fetched != 0 && !keysKnown()) {
      return new KeySetHealth(
          issuer,
          HealthStatus.DEGRADED,
          age,
          Optional.of("the keys in hand are older than they are used for"));
    }
    return new KeySetHealth(issuer, HealthStatus.UP, age, Optional.empty());
  }

  @Override
  public void close() throws IOException {
    if (source instanceof Closeable closeable) {
      closeable.close();
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }
}
