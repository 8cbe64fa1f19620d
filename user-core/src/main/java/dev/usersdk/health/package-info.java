/**
 * {@link dev.usersdk.UserClient#health()}: a typed report of the store, the key sets of other
 * issuers and the event relay, cheap enough for a readiness probe.
 */
@NullMarked
package dev.usersdk.health;

import org.jspecify.annotations.NullMarked;
