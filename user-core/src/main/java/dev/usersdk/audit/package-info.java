/**
 * The audit trail of privileged acts: {@link dev.usersdk.audit.AuditTrail} ({@code
 * client.audit()}), its entries and actions.
 */
@NullMarked
package dev.usersdk.audit;

import org.jspecify.annotations.NullMarked;
