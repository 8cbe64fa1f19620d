/**
 * Proving identity: the {@link dev.usersdk.auth.Auth} API (registration, login, sessions, reset,
 * the current-user check), the {@link dev.usersdk.auth.Principal}, the {@link
 * dev.usersdk.auth.Authenticator} SPI for other issuers, and the auth configuration, one record per
 * concern. Implemented in {@code dev.usersdk.auth.internal}.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.auth;

import org.jspecify.annotations.NullMarked;
