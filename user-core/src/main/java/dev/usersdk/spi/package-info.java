/**
 * What a store implements: {@link dev.usersdk.spi.Stores} and the transaction boundary, and one
 * store interface per feature. Every implementation passes the contract suites in {@code
 * user-testkit}.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.spi;

import org.jspecify.annotations.NullMarked;
