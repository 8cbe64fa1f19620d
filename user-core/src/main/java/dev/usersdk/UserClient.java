package dev.usersdk;

import dev.usersdk.audit.AuditTrail;
import dev.usersdk.audit.internal.Audits;
import dev.usersdk.auth.Auth;
import dev.usersdk.auth.AuthConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.internal.AuthService;
import dev.usersdk.auth.password.PasswordHasher;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.auth.password.PasswordPolicy;
import dev.usersdk.event.EventRelay;
import dev.usersdk.event.RelayConfig;
import dev.usersdk.event.Subscription;
import dev.usersdk.event.internal.EventingStores;
import dev.usersdk.event.internal.Outbox;
import dev.usersdk.event.internal.Relay;
import dev.usersdk.health.Health;
import dev.usersdk.health.internal.HealthProbe;
import dev.usersdk.internal.GuardedObserver;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.ChargePolicy;
import dev.usersdk.ledger.internal.LedgerService;
import dev.usersdk.ledger.internal.ObservedLedger;
import dev.usersdk.observe.Observer;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.Roles;
import dev.usersdk.user.Users;
import dev.usersdk.user.internal.Admins;
import dev.usersdk.user.internal.NewUsers;
import dev.usersdk.user.internal.Privileges;
import dev.usersdk.user.internal.RoleService;
import dev.usersdk.user.internal.UserService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of usersdk: one per application, thread-safe, built once at startup.
 *
 * <pre>{@code
 * try (UserClient client = UserClient.builder()
 *     .stores(stores)
 *     .config(UserSdkConfig.fromEnv())
 *     .build()) {
 *   User ann = client.users().create(NewUser.email("ann@example.com").name("Ann"));
 * }
 * }</pre>
 *
 * <p>Closing the client closes its authenticators that are {@link AutoCloseable} (a JWKS refresher)
 * and its {@link Stores} (which never close a data source the host owns).
 */
public final class UserClient implements AutoCloseable {
  /** How long {@link #health()} waits for the store: a readiness probe's usual deadline. */
  public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(UserClient.class);

  private final Stores stores;
  private final UserSdkConfig config;
  private final Clock clock;
  private final Users users;
  private final BalanceLedger ledger;
  private final Auth auth;
  private final List<Authenticator> authenticators;
  private final Relay relay;
  private final HealthProbe health;
  private final Audits audit;
  private final Roles roles;

  private UserClient(Builder builder) {
    this.authenticators = List.copyOf(builder.authenticators);
    this.config = builder.config;
    this.clock = builder.clock;
    UuidV7 ids = new UuidV7(builder.random);
    List<String> subscribed = builder.subscriptions.stream().map(Subscription::name).toList();
    // Events cost an outbox row per change: written only when something subscribes.
    this.stores =
        subscribed.isEmpty()
            ? builder.stores
            : new EventingStores(
                builder.stores, new Outbox(subscribed, builder.eventSource, clock, ids));
    Observer observer = GuardedObserver.guard(builder.observer);
    this.relay = new Relay(stores, clock, builder.relayConfig, builder.subscriptions, observer);
    if (observer != Observer.none()) {
      // Only when given one: a later unobserved client on the same stores must not switch it off.
      builder.stores.observedBy(observer);
      authenticators.forEach(authenticator -> authenticator.observedBy(observer));
    }
    // The host's stores, not the eventing wrapper: their own check (schema, pool) is the one asked.
    this.health = new HealthProbe(builder.stores, authenticators, subscribed, clock);
    NewUsers newUsers = new NewUsers(config, ids);
    this.audit = new Audits(stores, ids);
    Privileges privileges = new Privileges(new Admins(config.adminIds()), config.roles());
    this.users = new UserService(stores, clock, newUsers, privileges, audit);
    this.roles = new RoleService(stores, clock, privileges, audit);
    BalanceLedger service =
        new LedgerService(
            stores,
            users,
            clock,
            ids,
            builder.chargePolicy,
            config.deductionBatch(),
            config.deductionQueue(),
            audit,
            privileges);
    this.ledger = observer == Observer.none() ? service : new ObservedLedger(service, observer);
    AuthConfig authConfig = config.auth();
    // Memory-hard hashing is bounded here, once, so that every flow (and a login flood) shares the
    // limit.
    PasswordHasher hasher =
        PasswordHashers.bounded(
            builder.passwordHasher,
            authConfig.hashing().maxConcurrentHashes(),
            authConfig.hashing().maxWait());
    this.auth =
        AuthService.wiring()
            .stores(stores)
            .config(authConfig)
            .clock(clock)
            .ids(ids)
            .users(users, newUsers)
            .passwords(hasher, builder.passwordPolicy)
            .notifier(builder.notifier)
            .random(builder.random)
            .authenticators(builder.authenticators)
            .observer(observer)
            .audits(audit)
            .privileges(privileges)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The user API. */
  public Users users() {
    return users;
  }

  /**
   * Application roles: which users hold them, granting and revoking (audited), and what they permit
   * ({@link UserSdkConfig.Builder#role}).
   */
  public Roles roles() {
    return roles;
  }

  /** The credit ledger. */
  public BalanceLedger ledger() {
    return ledger;
  }

  /** Registration, login, sessions, the current-user check, password reset and the auth modes. */
  public Auth auth() {
    return auth;
  }

  /**
   * User events: the relay that delivers them to the subscriptions given to the builder ({@link
   * Builder#subscribe}). Not started by the client: call {@link EventRelay#start()}, or {@link
   * EventRelay#runOnce()} from your own scheduler.
   */
  public EventRelay events() {
    return relay;
  }

  /**
   * The audit trail of privileged acts (approvals, disabling, admin changes, deletions, balance
   * adjustments, forced logouts, second factors removed by an admin), per user or per actor.
   */
  public AuditTrail audit() {
    return audit;
  }

  public UserSdkConfig config() {
    return config;
  }

  /**
   * Checks the store (reachable, round-trip time, schema version against the expected one, pool),
   * the key sets of other issuers' authenticators and, with subscriptions, the relay's backlog and
   * dead events; answers within {@link #DEFAULT_HEALTH_TIMEOUT} however the store behaves. For a
   * readiness probe: {@link Health#ready()}.
   */
  public Health health() {
    return health(DEFAULT_HEALTH_TIMEOUT);
  }

  /** {@link #health()} answering within {@code timeout} (the store is reported down past it). */
  public Health health(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ValidationException("timeout", "the timeout must be positive, was " + timeout);
    }
    return health.check(timeout);
  }

  /** The clock every timestamp comes from. */
  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    health.close();
    relay.close();
    for (Authenticator authenticator : authenticators) {
      if (authenticator instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("closing {} failed", authenticator, e);
        }
      }
    }
    try {
      stores.close();
    } catch (Exception e) {
      throw new StoreUnavailableException("closing the stores failed", e);
    }
  }

  /** Builds a {@link UserClient}. Only {@link #stores(Stores)} is required. */
  public static final class Builder {
    private Stores stores;
    private Observer observer = Observer.none();
    private UserSdkConfig config;
    private Clock clock = Clock.systemUTC();
    private Random random;
    private ChargePolicy chargePolicy = ChargePolicy.everyone();
    private PasswordHasher passwordHasher = PasswordHashers.defaults();
    private PasswordPolicy passwordPolicy = PasswordPolicy.defaults();
    private Notifier notifier = Notifier.none();
    private final List<Authenticator> authenticators = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private RelayConfig relayConfig = RelayConfig.defaults();
    private String eventSource = "usersdk";

    private Builder() {}

    /**
     * Sends every user event to {@code subscription} (in addition to any others). With at least one
     * subscription, each change writes its event to the outbox in its own transaction; without,
     * nothing is written.
     */
    public Builder subscribe(Subscription subscription) {
      Objects.requireNonNull(subscription, "subscription");
      if (subscriptions.stream().anyMatch(s -> s.name().equals(subscription.name()))) {
        throw new ConfigurationException(
            "two subscriptions are named '" + subscription.name() + "'");
      }
      subscriptions.add(subscription);
      return this;
    }

    /** How the relay polls, claims, retries and prunes; default {@link RelayConfig#defaults()}. */
    public Builder relayConfig(RelayConfig relayConfig) {
      this.relayConfig = Objects.requireNonNull(relayConfig, "relayConfig");
      return this;
    }

    /** The name events carry as their {@code source}; default {@code usersdk}. */
    public Builder eventSource(String eventSource) {
      if (eventSource == null || eventSource.isBlank() || eventSource.length() > 100) {
        throw new ConfigurationException("eventSource must be 1 to 100 characters");
      }
      this.eventSource = eventSource;
      return this;
    }

    /**
     * How passwords are hashed and checked. Default {@link PasswordHashers#defaults()}: Argon2id at
     * the OWASP parameters, verifying bcrypt and PBKDF2 hashes from older systems and upgrading
     * them on the next successful login.
     */
    public Builder passwordHasher(PasswordHasher passwordHasher) {
      this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
      return this;
    }

    /**
     * Which new passwords are accepted; default {@link PasswordPolicy#defaults()} (12 to 128
     * characters).
     */
    public Builder passwordPolicy(PasswordPolicy passwordPolicy) {
      this.passwordPolicy = Objects.requireNonNull(passwordPolicy, "passwordPolicy");
      return this;
    }

    /**
     * Delivers registration codes and reset links; registration and reset refuse to run without
     * one.
     */
    public Builder notifier(Notifier notifier) {
      this.notifier = Objects.requireNonNull(notifier, "notifier");
      return this;
    }

    /** Adds an authenticator for tokens of another issuer (e.g. {@code Auth0Authenticator}). */
    public Builder authenticator(Authenticator authenticator) {
      authenticators.add(Objects.requireNonNull(authenticator, "authenticator"));
      return this;
    }

    /** Who pays for deductions; default {@link ChargePolicy#everyone()}. */
    public Builder chargePolicy(ChargePolicy chargePolicy) {
      this.chargePolicy = Objects.requireNonNull(chargePolicy, "chargePolicy");
      return this;
    }

    /**
     * Where users live: {@code JdbcStores.create(dataSource)} or {@code InMemoryStores.create()}.
     */
    public Builder stores(Stores stores) {
      this.stores = Objects.requireNonNull(stores, "stores");
      return this;
    }

    /**
     * Told how API calls end and how long they take, and of lockouts, store retries, key-set
     * fetches and event deliveries: {@code user-micrometer}'s {@code UserSdkMetrics}, or your own.
     * Default {@link Observer#none()}.
     */
    public Builder observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    public Builder config(UserSdkConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The clock for every timestamp and expiry; tests pass a manual clock. Default: UTC system
     * clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The source of randomness for ids (and, later, secrets). Default: a new {@link SecureRandom}.
     * Tests may pass a seeded {@code Random} to make ids repeatable.
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Checks the configuration against the authenticators and builds the client.
     *
     * @throws ConfigurationException if no stores were given, or the configuration (by default
     *     {@link UserSdkConfig#defaults()}: production) is unsafe, e.g. lacks a JWT secret
     */
    public UserClient build() {
      if (stores == null) {
        throw new ConfigurationException(
            "stores must be set: pass JdbcStores.create(dataSource) or InMemoryStores.create()");
      }
      if (config == null) {
        config = UserSdkConfig.defaults();
      }
      for (Authenticator authenticator : authenticators) {
        if (!config.auth().accepts(authenticator.mode())) {
          throw new ConfigurationException(
              "an authenticator for mode "
                  + authenticator.mode()
                  + " was added but the modes are "
                  + config.auth().modes());
        }
      }
      if (config.auth().accepts(AuthMode.AUTH0)
          && authenticators.stream()
              .noneMatch(authenticator -> authenticator.mode() == AuthMode.AUTH0)) {
        throw new ConfigurationException(
            "the auth modes include auth0 but no authenticator for it was added: "
                + "pass .authenticator(Auth0Authenticator.fromEnv()) (module user-auth0)");
      }
      if (random == null) {
        random = new SecureRandom();
      }
      UserClient client = new UserClient(this);
      log.debug(
          "usersdk client started: environment={}, stores={}",
          config.environment(),
          stores.getClass().getSimpleName());
      return client;
    }
  }
}
