package dev.usersdk;

import dev.usersdk.internal.LedgerService;
import dev.usersdk.internal.UserService;
import dev.usersdk.internal.UuidV7;
import dev.usersdk.ledger.BalanceLedger;
import dev.usersdk.ledger.ChargePolicy;
import dev.usersdk.spi.Stores;
import dev.usersdk.user.Users;
import java.security.SecureRandom;
import java.time.Clock;
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
 * <p>Closing the client closes its {@link Stores} (which never close a data source the host owns).
 */
public final class UserClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UserClient.class);

  private final Stores stores;
  private final UserSdkConfig config;
  private final Clock clock;
  private final Users users;
  private final BalanceLedger ledger;

  private UserClient(Builder builder) {
    this.stores = builder.stores;
    this.config = builder.config;
    this.clock = builder.clock;
    UuidV7 ids = new UuidV7(builder.random);
    this.users = new UserService(stores, config, clock, ids);
    this.ledger = new LedgerService(stores, users, clock, ids, builder.chargePolicy);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The user API. */
  public Users users() {
    return users;
  }

  /** The credit ledger. */
  public BalanceLedger ledger() {
    return ledger;
  }

  public UserSdkConfig config() {
    return config;
  }

  /** The clock every timestamp comes from. */
  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    try {
      stores.close();
    } catch (Exception e) {
      throw new StoreUnavailableException("closing the stores failed", e);
    }
  }

  /** Builds a {@link UserClient}. Only {@link #stores(Stores)} is required. */
  public static final class Builder {
    private Stores stores;
    private UserSdkConfig config = UserSdkConfig.defaults();
    private Clock clock = Clock.systemUTC();
    private Random random;
    private ChargePolicy chargePolicy = ChargePolicy.everyone();

    private Builder() {}

    /** Who pays for deductions; default {@link ChargePolicy#everyone()}. */
    public Builder chargePolicy(ChargePolicy chargePolicy) {
      this.chargePolicy = Objects.requireNonNull(chargePolicy, "chargePolicy");
      return this;
    }

    /** Where users live: {@code JdbcStores.create(dataSource)} or {@code InMemoryStores.create()}. */
    public Builder stores(Stores stores) {
      this.stores = Objects.requireNonNull(stores, "stores");
      return this;
    }

    public Builder config(UserSdkConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The clock for every timestamp and expiry; tests pass a manual clock. Default: UTC system clock. */
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

    /** @throws ConfigurationException if no stores were given */
    public UserClient build() {
      if (stores == null) {
        throw new ConfigurationException("stores must be set: pass JdbcStores.create(dataSource) or InMemoryStores.create()");
      }
      if (random == null) {
        random = new SecureRandom();
      }
      UserClient client = new UserClient(this);
      log.debug("usersdk client started: environment={}, stores={}", config.environment(), stores.getClass().getSimpleName());
      return client;
    }
  }
}
