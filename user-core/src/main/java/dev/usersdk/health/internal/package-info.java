/** The health check behind {@link dev.usersdk.UserClient#health()}. Not API. */
@NullMarked
package dev.usersdk.health.internal;

import org.jspecify.annotations.NullMarked;
