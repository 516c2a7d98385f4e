/**
 * The store: its schema and migrations, the shape of its rows and tables (defined once), its
 * layouts (one node, Citus), search, vector indexes and the lookup of stored content. It never
 * depends on the sink that writes it.
 */
package io.vectorline.store;
