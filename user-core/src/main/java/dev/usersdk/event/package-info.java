/**
 * User events for other services: the {@link dev.usersdk.event.UserEvent} family and its serialized
 * form ({@link dev.usersdk.event.EventJson}), written to a transactional outbox with each change
 * and delivered by the {@link dev.usersdk.event.EventRelay} to each {@link
 * dev.usersdk.event.Subscription}'s {@link dev.usersdk.event.EventSink}: at least once, in order
 * per user. Implemented in {@code dev.usersdk.event.internal}.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.event;

import org.jspecify.annotations.NullMarked;
