/**
 * The contract suites every store implementation extends: one abstract test class per SPI and API.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.testkit.contract;

import org.jspecify.annotations.NullMarked;
