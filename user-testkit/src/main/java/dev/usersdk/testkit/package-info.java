/**
 * Test support: the JUnit 5 extension, a manual clock, fakes (notifier, Auth0) and test databases.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.testkit;

import org.jspecify.annotations.NullMarked;
