/**
 * JDBC plumbing of the store: connections, transactions with the one retry loop, what a SQL
 * failure means (transient, data, fatal), transaction-local settings, and binary COPY.
 */
package io.vectorline.store.jdbc;
