package dev.usersdk.spring;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Settings;
import dev.usersdk.UserClient;
import dev.usersdk.UserSdkConfig;
import dev.usersdk.auth.AuthMode;
import dev.usersdk.auth.Authenticator;
import dev.usersdk.auth.Notifier;
import dev.usersdk.auth.password.PasswordHasher;
import dev.usersdk.auth.password.PasswordPolicy;
import dev.usersdk.event.Subscription;
import dev.usersdk.jdbc.JdbcConfig;
import dev.usersdk.jdbc.JdbcStores;
import dev.usersdk.ledger.ChargePolicy;
import dev.usersdk.observe.Observer;
import dev.usersdk.spi.Stores;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * A {@link UserClient} for the application: on its {@code DataSource} (the usersdk tables brought
 * up to date on start), or on a pool of its own when {@code usersdk.db.url} is set; configured by
 * {@code usersdk.*} properties over the {@code USER_SDK_*} environment. The application's beans of
 * the extension points ({@link Notifier}, {@link PasswordHasher}, {@link PasswordPolicy}, {@link
 * Authenticator}, {@link ChargePolicy}, {@link Observer}, {@link Subscription}s, a whole {@link
 * UserSdkConfig}) are used where present, and {@link UserClientCustomizer}s see the builder last. A
 * {@link Stores} or {@link UserClient} bean of the application's own replaces usersdk's.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(UserSdkProperties.class)
public class UserSdkAutoConfiguration {
  private static final String AUTH0 = "dev.usersdk.auth0.Auth0Authenticator";

  /**
   * usersdk's stores, unless the application has its own stores or its own client; closed with the
   * context (a pool of its own is shut, the application's is not).
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean({Stores.class, UserClient.class})
  JdbcStores usersdkStores(UserSdkProperties properties, ObjectProvider<DataSource> dataSource) {
    Settings settings = settings(properties);
    DataSource application = dataSource.getIfUnique();
    boolean ownPool =
        settings.text(JdbcConfig.URL).isPresent() || settings.text(JdbcConfig.HOST).isPresent();
    if (ownPool) {
      return JdbcStores.fromConfig(JdbcConfig.from(settings));
    }
    if (application == null) {
      throw new ConfigurationException(
          "usersdk needs a database: define a DataSource (spring.datasource.*) or set"
              + " usersdk.db.url");
    }
    JdbcStores.Builder stores =
        JdbcStores.builder(application).migrate(settings.bool(JdbcConfig.MIGRATE).orElse(true));
    settings
        .parsed(JdbcConfig.RETRY_BUDGET_MS, Long::parseLong, "a number of milliseconds")
        .ifPresent(millis -> stores.retryBudget(Duration.ofMillis(millis)));
    return stores.build();
  }

  /** The client; closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  UserClient userClient(
      UserSdkProperties properties,
      Stores stores,
      ObjectProvider<UserSdkConfig> config,
      ObjectProvider<Notifier> notifier,
      ObjectProvider<PasswordHasher> passwordHasher,
      ObjectProvider<PasswordPolicy> passwordPolicy,
      ObjectProvider<Authenticator> authenticator,
      ObjectProvider<ChargePolicy> chargePolicy,
      ObjectProvider<Observer> observer,
      ObjectProvider<Subscription> subscriptions,
      ObjectProvider<UserClientCustomizer> customizers) {
    Settings settings = settings(properties);
    UserSdkConfig resolved = config.getIfAvailable(() -> UserSdkConfig.from(settings));
    UserClient.Builder builder = UserClient.builder().stores(stores).config(resolved);
    notifier.ifAvailable(builder::notifier);
    passwordHasher.ifAvailable(builder::passwordHasher);
    passwordPolicy.ifAvailable(builder::passwordPolicy);
    chargePolicy.ifAvailable(builder::chargePolicy);
    observer.ifAvailable(builder::observer);
    subscriptions.orderedStream().forEach(builder::subscribe);
    Authenticator issuer = authenticator.getIfAvailable();
    if (issuer == null && resolved.auth().accepts(AuthMode.AUTH0)) {
      if (!ClassUtils.isPresent(AUTH0, UserSdkAutoConfiguration.class.getClassLoader())) {
        throw new ConfigurationException(
            "the auth mode accepts auth0 tokens: add dev.usersdk:user-auth0 to the application, or"
                + " define an Authenticator bean");
      }
      issuer = Auth0FromSettings.authenticator(settings);
    }
    if (issuer != null) {
      builder.authenticator(issuer);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  static Settings settings(UserSdkProperties properties) {
    return Settings.of(properties.settings(System.getenv()));
  }
}
