/**
 * How events work: {@code EventingStores} wraps the host's stores so every user and ledger write
 * records its event in the same transaction ({@code Outbox}, {@code UserChanges} decides which
 * event a change is), {@code Relay} delivers the outbox, {@code JsonWriter} writes the payloads.
 *
 * <p><b>Internal: not API.</b> Not exported by the module descriptor; may change in any release
 * without notice. Reach this code through the public API.
 */
package dev.usersdk.event.internal;
