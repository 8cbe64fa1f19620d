/**
 * Auth0 (and any OIDC issuer): {@link dev.usersdk.auth0.Auth0Authenticator} verifies access tokens
 * over the issuer's JWKS. Implemented in {@code dev.usersdk.auth0.internal}; no Nimbus type is part
 * of the API.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.auth0;

import org.jspecify.annotations.NullMarked;
