/**
 * The {@link dev.usersdk.observe.Observer} SPI: what usersdk tells a metrics system (login and
 * authenticate outcomes and latency, ledger calls, lockouts, store retries, key-set fetches, event
 * deliveries), with no dependency on one. {@code user-micrometer} binds it to Micrometer.
 */
@NullMarked
package dev.usersdk.observe;

import org.jspecify.annotations.NullMarked;
