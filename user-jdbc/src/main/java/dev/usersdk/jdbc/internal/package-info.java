/**
 * How the JDBC stores work: {@code TransactionEngine} (thread-bound transactions, conflict retries,
 * error translation), one store per SPI with its Jdbi DAO, and the dialect's SQL types and errors.
 *
 * <p><b>Internal: not API.</b> Not exported by the module descriptor; may change in any release
 * without notice. Reach this code through the public API.
 */
package dev.usersdk.jdbc.internal;
