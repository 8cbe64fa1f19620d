package dev.usersdk.auth;

/**
 * How users prove who they are. A client may accept several; the first configured is its primary
 * mode.
 */
public enum AuthMode {
  /**
   * Email and password, with sessions issued by usersdk (HS256 access tokens, rotating refresh
   * tokens).
   */
  PASSWORD,
  /** Access tokens issued by Auth0 or another OIDC issuer (module {@code user-auth0}). */
  AUTH0,
  /**
   * No authentication: every call is one configured local user. Development only; refused in
   * production.
   */
  NONE
}
