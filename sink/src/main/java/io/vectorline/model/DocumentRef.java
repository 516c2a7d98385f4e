package io.vectorline.model;

import java.io.Serializable;

/** A document's identity: every key in the store starts with the tenant. */
public record DocumentRef(String tenantId, String docId) implements Serializable {}
