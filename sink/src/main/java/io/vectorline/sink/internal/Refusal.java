package io.vectorline.sink.internal;

import java.sql.SQLException;

/** A document the database refused: a data error that belongs to it alone. */
record Refusal(PendingWrites.Pending document, SQLException reason) {}
