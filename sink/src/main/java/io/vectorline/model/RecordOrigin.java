package io.vectorline.model;

import java.io.Serializable;

/** The Kafka record a write came from, so a document the database refuses can be dead-lettered as it arrived. */
public record RecordOrigin(String topic, int partition, long offset) implements Serializable {}
