/**
 * The front door: {@link dev.usersdk.UserClient}, its configuration ({@link
 * dev.usersdk.UserSdkConfig}, {@link dev.usersdk.Settings}) and the root of every usersdk exception
 * ({@link dev.usersdk.UserSdkException}).
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk;

import org.jspecify.annotations.NullMarked;
