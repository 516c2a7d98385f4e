/**
 * The data model shared by the job, the sink and the store: a document's identity, the record it
 * came from, and the writes (upsert or delete) with their embedded chunks.
 */
package io.vectorline.model;
