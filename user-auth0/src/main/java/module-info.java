/**
 * usersdk Auth0: verification of Auth0 (and any OIDC issuer's) access tokens over JWKS. Exports
 * {@code dev.usersdk.auth0} only; Nimbus stays behind {@code dev.usersdk.auth0.internal}.
 */
module dev.usersdk.auth0 {
  requires transitive dev.usersdk.core;
  requires com.nimbusds.jose.jwt;
  requires org.slf4j;

  exports dev.usersdk.auth0;
}
