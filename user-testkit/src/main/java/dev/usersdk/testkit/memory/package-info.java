/**
 * In-memory stores that behave exactly like the JDBC ones (they pass the same contract suites).
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.testkit.memory;

import org.jspecify.annotations.NullMarked;
