/**
 * The JDBC stores: {@link dev.usersdk.jdbc.JdbcStores} on H2, MySQL/MariaDB and PostgreSQL, their
 * configuration and migrations. Implemented in {@code dev.usersdk.jdbc.internal}.
 *
 * <p>Null-marked: a parameter or result may be null only where it says {@code @Nullable}.
 */
@NullMarked
package dev.usersdk.jdbc;

import org.jspecify.annotations.NullMarked;
