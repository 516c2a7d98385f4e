/**
 * Dead letters: the original record with its reason in headers, sized to fit the topic, read back
 * for documents the store refused, and written exactly once by a transactional sink.
 */
package io.vectorline.job.deadletter;
