/** The producer contract: Avro single-object encoding of document keys and events, decoded strictly. */
package io.vectorline.schema;
