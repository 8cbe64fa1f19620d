package dev.usersdk.auth;

/** How strongly a {@link Principal} proved who it is. */
public enum Assurance {
  /** One factor: a password, an emailed code or link, another issuer's token, or no auth. */
  ONE_FACTOR,
  /** A password (or an emailed code or link) and a second factor in the same session. */
  TWO_FACTORS
}
