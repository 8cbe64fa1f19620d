package dev.usersdk.auth;

import dev.usersdk.ConfigurationException;
import dev.usersdk.Settings;
import dev.usersdk.user.Email;
import dev.usersdk.user.UserId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Reads the {@code USER_SDK_*} auth variables into an {@link AuthConfig.Builder}. */
final class AuthSettings {
  private AuthSettings() {}

  static AuthConfig.Builder read(Settings settings, AuthConfig.Builder b) {
    if (settings.text(AuthConfig.AUTH_MODE).isPresent()) { // "," alone is refused: no mode
      List<String> modes = settings.list(AuthConfig.AUTH_MODE);
      b.modes(modes.stream().map(AuthSettings::parseMode).toArray(AuthMode[]::new));
    }
    settings.text(AuthConfig.JWT_SECRET).ifPresent(secret -> b.jwtSecret(parseSecret(secret)));
    List<String> previous = settings.list(AuthConfig.JWT_PREVIOUS_SECRETS);
    if (!previous.isEmpty()) {
      b.previousJwtSecrets(previous.stream().map(AuthSettings::parseSecret).toArray(byte[][]::new));
    }
    settings
        .secret(AuthConfig.JWT_SIGNING_KEY)
        .filter(json -> !json.isBlank())
        .ifPresent(
            json ->
                b.signingKeys(
                    SigningKeys.es256(
                        json,
                        settings.secret(AuthConfig.JWT_PREVIOUS_PUBLIC_KEYS).stream()
                            .filter(keys -> !keys.isBlank())
                            .flatMap(AuthSettings::jwksMembers)
                            .toArray(String[]::new))));
    settings.text(AuthConfig.JWT_ISSUER).ifPresent(b::issuer);
    settings.text(AuthConfig.JWT_AUDIENCE).ifPresent(b::audience);
    settings.duration(AuthConfig.ACCESS_TOKEN_TTL).ifPresent(b::accessTokenTtl);
    settings.duration(AuthConfig.REFRESH_TOKEN_TTL).ifPresent(b::refreshTokenTtl);
    settings
        .parsed(AuthConfig.LEGACY_OWNER_ID, UserId::parse, "a user id (UUID)")
        .ifPresent(b::legacyOwnerId);
    settings
        .parsed(AuthConfig.NO_AUTH_EMAIL, Email::of, "an email address")
        .ifPresent(b::noAuthEmail);
    settings.text(AuthConfig.RESET_LINK_TEMPLATE).ifPresent(b::resetLinkTemplate);
    settings.text(AuthConfig.VERIFY_LINK_TEMPLATE).ifPresent(b::verifyLinkTemplate);
    settings.text(AuthConfig.SIGN_IN_LINK_TEMPLATE).ifPresent(b::signInLinkTemplate);
    settings
        .secret(AuthConfig.MFA_KEY)
        .filter(key -> !key.isBlank())
        .ifPresent(key -> b.mfaKey(parseMfaKey(key)));
    List<String> previousMfa = settings.list(AuthConfig.MFA_PREVIOUS_KEYS);
    if (!previousMfa.isEmpty()) {
      b.previousMfaKeys(previousMfa.stream().map(AuthSettings::parseMfaKey).toArray(byte[][]::new));
    }
    return b;
  }

  /** The keys of a JWK set document, each as JSON. */
  private static java.util.stream.Stream<String> jwksMembers(String jwks) {
    try {
      return com.nimbusds.jose.jwk.JWKSet.parse(jwks).getKeys().stream()
          .map(com.nimbusds.jose.jwk.JWK::toJSONString);
    } catch (java.text.ParseException e) {
      throw new ConfigurationException(
          AuthConfig.JWT_PREVIOUS_PUBLIC_KEYS + " must be a JWK set document ({\"keys\": [...]})");
    }
  }

  private static AuthMode parseMode(String value) {
    try {
      return AuthMode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          AuthConfig.AUTH_MODE
              + " must be password, auth0 or none (comma-separated), had '"
              + value
              + "'");
    }
  }

  private static byte[] parseSecret(String value) {
    return parseKey(value, AuthConfig.JWT_SECRET);
  }

  private static byte[] parseMfaKey(String value) {
    return parseKey(value, AuthConfig.MFA_KEY);
  }

  /** {@code base64:...} or the text's UTF-8 bytes. */
  private static byte[] parseKey(String value, String variable) {
    if (value.startsWith("base64:")) {
      try {
        return Base64.getDecoder().decode(value.substring("base64:".length()));
      } catch (IllegalArgumentException e) {
        // Never echo a secret, not even a malformed one.
        throw new ConfigurationException(variable + " starts with base64: but is not valid base64");
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
