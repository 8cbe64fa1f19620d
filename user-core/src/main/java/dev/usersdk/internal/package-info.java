/**
 * Leaf helpers shared by the value types and the feature implementations: text checks, page
 * cursors, time-ordered ids, timestamps. Depends on nothing in usersdk but the root exceptions.
 *
 * <p><b>Internal: not API.</b> Not exported by the module descriptor; may change in any release
 * without notice. Reach this code through the public API.
 */
package dev.usersdk.internal;
