/**
 * The consuming half of user events, for services that do not own users: a {@link
 * dev.usersdk.mirror.UserMirror} keeps a read-only copy of the owner's users in the host's own
 * database, applied from events in any order (the newest version wins, deletions are tombstones),
 * with {@link dev.usersdk.mirror.HostField host-owned fields} beside the mirrored ones that events
 * never touch. {@link dev.usersdk.mirror.MirrorStore} is the SPI its stores implement.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.mirror;

import org.jspecify.annotations.NullMarked;
