/**
 * Password storage: {@link dev.usersdk.auth.password.PasswordHasher} (Argon2id, bcrypt, PBKDF2),
 * {@link dev.usersdk.auth.password.PasswordPolicy} and the redacted {@link
 * dev.usersdk.auth.password.Password}.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.auth.password;

import org.jspecify.annotations.NullMarked;
