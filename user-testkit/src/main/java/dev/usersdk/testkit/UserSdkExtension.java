package dev.usersdk.testkit;

import dev.usersdk.Environment;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.spi.Stores;
import dev.usersdk.testkit.memory.InMemoryStores;
import java.util.Objects;
import java.util.function.Supplier;
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
 * <p>Unless a configuration is given, the client runs with the defaults in the
 * {@link Environment#DEVELOPMENT} environment.
 */
public final class UserSdkExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final Supplier<Stores> stores;
  private final UserSdkConfig config;
  private final ManualClock fixedClock;

  private volatile UserClient client;
  private volatile ManualClock clock;

  private UserSdkExtension(Supplier<Stores> stores, UserSdkConfig config, ManualClock fixedClock) {
    this.stores = stores;
    this.config = config;
    this.fixedClock = fixedClock;
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
        null);
  }

  /** Every test uses this clock instead of a new one at {@link ManualClock#DEFAULT_START}. */
  public UserSdkExtension withClock(ManualClock clock) {
    return new UserSdkExtension(stores, config, Objects.requireNonNull(clock, "clock"));
  }

  public UserSdkExtension withConfig(UserSdkConfig config) {
    return new UserSdkExtension(stores, Objects.requireNonNull(config, "config"), fixedClock);
  }

  /** Adjusts the configuration the extension would otherwise use. */
  public UserSdkExtension withConfig(java.util.function.UnaryOperator<UserSdkConfig.Builder> change) {
    return withConfig(change.apply(config.toBuilder()).build());
  }

  /** The current test's client. */
  public UserClient client() {
    UserClient current = client;
    if (current == null) {
      throw new IllegalStateException("no test is running; register the extension with @RegisterExtension");
    }
    return current;
  }

  /** The current test's clock. */
  public ManualClock clock() {
    ManualClock current = clock;
    if (current == null) {
      throw new IllegalStateException("no test is running; register the extension with @RegisterExtension");
    }
    return current;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    clock = fixedClock != null ? fixedClock : ManualClock.create();
    client = UserClient.builder().stores(stores.get()).config(config).clock(clock).build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    UserClient current = client;
    client = null;
    clock = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == UserClient.class || type == ManualClock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == UserClient.class ? client() : clock();
  }
}
