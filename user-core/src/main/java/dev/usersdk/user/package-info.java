/**
 * Users: the {@link dev.usersdk.user.Users} API, the {@link dev.usersdk.user.User} value and its
 * parts, and the user errors. Implemented in {@code dev.usersdk.user.internal}.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.user;

import org.jspecify.annotations.NullMarked;
