package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Codes and links sent by email to verify an address, confirm an email change, or sign in without a
 * password. Part of {@link AuthConfig}.
 *
 * @param codeTtl how long a code (and its link) works, at most a day
 * @param maxAttempts wrong codes after which the code is void (1 to 100)
 * @param resendCooldown how long after a code another request sends nothing (the earlier code stays
 *     valid), at most an hour
 * @param verifyLinkTemplate the verification link, with {@code {token}}; none: a code only
 * @param signInLinkTemplate the sign-in link, with {@code {token}}; none: a code only
 * @param createAccountsOnSignIn whether a sign-in code for an address without an account creates
 *     one when it is used (the address is then verified); off: such an address is sent a notice and
 *     no code
 */
public record EmailCodeConfig(
    Duration codeTtl,
    int maxAttempts,
    Duration resendCooldown,
    int maxPerHour,
    Optional<String> verifyLinkTemplate,
    Optional<String> signInLinkTemplate,
    boolean createAccountsOnSignIn) {
  /** An hour: what {@link #maxPerHour} counts over. */
  public static final Duration CAP_WINDOW = Duration.ofHours(1);

  public EmailCodeConfig {
    Objects.requireNonNull(codeTtl, "codeTtl");
    Objects.requireNonNull(resendCooldown, "resendCooldown");
    Objects.requireNonNull(verifyLinkTemplate, "verifyLinkTemplate");
    Objects.requireNonNull(signInLinkTemplate, "signInLinkTemplate");
  }

  /**
   * Codes of 15 minutes, 5 attempts, one a minute and five an hour, no links, no accounts made by
   * signing in.
   */
  public static EmailCodeConfig defaults() {
    return new EmailCodeConfig(
        Duration.ofMinutes(15),
        5,
        Duration.ofSeconds(60),
        5,
        Optional.empty(),
        Optional.empty(),
        false);
  }

  public EmailCodeConfig withCodeTtl(Duration value) {
    return new EmailCodeConfig(
        value,
        maxAttempts,
        resendCooldown,
        maxPerHour,
        verifyLinkTemplate,
        signInLinkTemplate,
        createAccountsOnSignIn);
  }

  public EmailCodeConfig withMaxAttempts(int value) {
    return new EmailCodeConfig(
        codeTtl,
        value,
        resendCooldown,
        maxPerHour,
        verifyLinkTemplate,
        signInLinkTemplate,
        createAccountsOnSignIn);
  }

  public EmailCodeConfig withResendCooldown(Duration value) {
    return new EmailCodeConfig(
        codeTtl,
        maxAttempts,
        value,
        maxPerHour,
        verifyLinkTemplate,
        signInLinkTemplate,
        createAccountsOnSignIn);
  }

  public EmailCodeConfig withMaxPerHour(int value) {
    return new EmailCodeConfig(
        codeTtl,
        maxAttempts,
        resendCooldown,
        value,
        verifyLinkTemplate,
        signInLinkTemplate,
        createAccountsOnSignIn);
  }

  public EmailCodeConfig withVerifyLinkTemplate(Optional<String> value) {
    return new EmailCodeConfig(
        codeTtl,
        maxAttempts,
        resendCooldown,
        maxPerHour,
        value,
        signInLinkTemplate,
        createAccountsOnSignIn);
  }

  public EmailCodeConfig withSignInLinkTemplate(Optional<String> value) {
    return new EmailCodeConfig(
        codeTtl,
        maxAttempts,
        resendCooldown,
        maxPerHour,
        verifyLinkTemplate,
        value,
        createAccountsOnSignIn);
  }

  public EmailCodeConfig withCreateAccountsOnSignIn(boolean value) {
    return new EmailCodeConfig(
        codeTtl,
        maxAttempts,
        resendCooldown,
        maxPerHour,
        verifyLinkTemplate,
        signInLinkTemplate,
        value);
  }

  void check() {
    ConfigChecks.requirePositive(codeTtl, "emailCodeTtl", Duration.ofDays(1));
    ConfigChecks.requireCount(maxAttempts, "emailCodeMaxAttempts", 100);
    ConfigChecks.requireNotNegative(resendCooldown, "emailCodeResendCooldown", codeTtl);
    ConfigChecks.requireCount(maxPerHour, "emailCodeMaxPerHour", 100);
    for (Optional<String> template : java.util.List.of(verifyLinkTemplate, signInLinkTemplate)) {
      if (template.isPresent() && !template.get().contains("{token}")) {
        throw new ConfigurationException("verify and sign-in link templates must contain {token}");
      }
    }
  }
}
