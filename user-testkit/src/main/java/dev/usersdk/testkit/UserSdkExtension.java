package dev.usersdk.testkit;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.password.PasswordHashers;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.memory.InMemoryStores;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh {@link UserClient} over fresh stores and a {@link ManualClock}, and
 * closes it afterwards. Immutable: {@code with*} methods return a configured copy.
 *
 * <pre>{@code
 * @RegisterExtension
 * UserSdkExtension sdk = UserSdkExtension.inMemory().withConfig(config -> config.requireApproval(true));
 *
 * @Test
 * void approves(UserClient client, ManualClock clock) { ... }   // or sdk.client(), sdk.clock()
 * }</pre>
 *
 * <p>Unless a configuration is given, the client runs with the defaults in the {@link
 * Environment#DEVELOPMENT} environment. Each test also gets a fresh {@link RecordingNotifier} (the
 * client's notifier) to read the codes and links that flows send.
 */
public final class UserSdkExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final Supplier<Stores> stores;
  private final UserSdkConfig config;
  private final ManualClock fixedClock;
  private final UnaryOperator<UserClient.Builder> customizer;

  private volatile UserClient client;
  private volatile ManualClock clock;
  private volatile RecordingNotifier notifier;

  private UserSdkExtension(
      Supplier<Stores> stores,
      UserSdkConfig config,
      ManualClock fixedClock,
      UnaryOperator<UserClient.Builder> customizer) {
    this.stores = stores;
    this.config = config;
    this.fixedClock = fixedClock;
    this.customizer = customizer;
  }

  /** Each test gets new {@link InMemoryStores}. */
  public static UserSdkExtension inMemory() {
    return using(InMemoryStores::create);
  }

  /** Each test gets the stores this supplier makes, e.g. JDBC stores on a test database. */
  public static UserSdkExtension using(Supplier<Stores> stores) {
    return new UserSdkExtension(
        Objects.requireNonNull(stores, "stores"),
        UserSdkConfig.builder().environment(Environment.DEVELOPMENT).build(),
        null,
        UnaryOperator.identity());
  }

  /** Every test uses this clock instead of a new one at {@link ManualClock#DEFAULT_START}. */
  public UserSdkExtension withClock(ManualClock clock) {
    return new UserSdkExtension(stores, config, Objects.requireNonNull(clock, "clock"), customizer);
  }

  public UserSdkExtension withConfig(UserSdkConfig config) {
    return new UserSdkExtension(
        stores, Objects.requireNonNull(config, "config"), fixedClock, customizer);
  }

  /** Adjusts the configuration the extension would otherwise use. */
  public UserSdkExtension withConfig(
      java.util.function.UnaryOperator<UserSdkConfig.Builder> change) {
    return withConfig(change.apply(config.toBuilder()).build());
  }

  /**
   * Adjusts the client builder (after the extension set stores, configuration, clock and notifier).
   */
  public UserSdkExtension withClient(UnaryOperator<UserClient.Builder> change) {
    Objects.requireNonNull(change, "change");
    UnaryOperator<UserClient.Builder> before = customizer;
    return new UserSdkExtension(
        stores, config, fixedClock, builder -> change.apply(before.apply(builder)));
  }

  /**
   * Test-only: hashes passwords with Argon2id at 1 MiB and one pass instead of the production
   * parameters, so that suites with many logins stay fast. Verification of every format is
   * unchanged.
   */
  public UserSdkExtension withCheapPasswordHashing() {
    return withClient(
        builder ->
            builder.passwordHasher(
                PasswordHashers.delegating(PasswordHashers.argon2idForTestsOnly(1024, 1))));
  }

  /** The current test's notifier: what the client sent. */
  public RecordingNotifier notifier() {
    RecordingNotifier current = notifier;
    if (current == null) {
      throw new IllegalStateException(
          "no test is running; register the extension with @RegisterExtension");
    }
    return current;
  }

  /** The current test's client. */
  public UserClient client() {
    UserClient current = client;
    if (current == null) {
      throw new IllegalStateException(
          "no test is running; register the extension with @RegisterExtension");
    }
    return current;
  }

  /** The current test's clock. */
  public ManualClock clock() {
    ManualClock current = clock;
    if (current == null) {
      throw new IllegalStateException(
          "no test is running; register the extension with @RegisterExtension");
    }
    return current;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    clock = fixedClock != null ? fixedClock : ManualClock.create();
    notifier = new RecordingNotifier();
    client =
        customizer
            .apply(
                UserClient.builder()
                    .stores(stores.get())
                    .config(config)
                    .clock(clock)
                    .notifier(notifier))
            .build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    UserClient current = client;
    client = null;
    clock = null;
    notifier = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == UserClient.class || type == ManualClock.class || type == RecordingNotifier.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == UserClient.class ? client() : type == ManualClock.class ? clock() : notifier();
  }
}
