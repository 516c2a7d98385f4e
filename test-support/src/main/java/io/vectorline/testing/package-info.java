/** Real services for the integration tests: local PostgreSQL and Kafka, or Testcontainers where Docker runs. */
package io.vectorline.testing;
