/** {@link dev.usersdk.micrometer.UserSdkMetrics}: usersdk's observer bound to Micrometer. */
@NullMarked
package dev.usersdk.micrometer;

import org.jspecify.annotations.NullMarked;
