package dev.usersdk.auth;

import java.util.Objects;

/**
 * A TOTP key waiting for its first code ({@link SecondFactors#confirmTotp}): show {@link #uri()} as
 * a QR code (or {@link #secret()} for typing) once, and do not keep either. Both are secrets:
 * {@link #toString()} shows neither.
 *
 * @param secret the key in base 32 (RFC 4648, no padding), 160 bits
 * @param uri the {@code otpauth://totp/...} URI authenticator apps read
 */
public record TotpEnrolment(String secret, String uri) {
  public TotpEnrolment {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(uri, "uri");
  }

  @Override
  public String toString() {
    return "TotpEnrolment[secret=(redacted), uri=(redacted)]";
  }
}
