package dev.usersdk.spring;

import dev.usersdk.UserClient;

/**
 * Changes the auto-configured {@link UserClient}'s builder before it builds, for what the {@code
 * usersdk.*} properties and the extension-point beans do not cover (a clock, a relay
 * configuration). Beans of this type run in their {@code @Order}.
 */
@FunctionalInterface
public interface UserClientCustomizer {
  void customize(UserClient.Builder builder);
}
