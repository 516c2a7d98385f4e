package io.vectorline.sink.flink;

import io.vectorline.sink.DocumentRef;
import io.vectorline.sink.RecordOrigin;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Where the sink sends documents the database refuses (a data error that belongs to one
 * document), so the rest of a flush still lands. Travels with the job; each writer opens its own
 * channel.
 */
public interface RefusedDocuments extends Serializable {
    /**
     * One refused document.
     *
     * @param origins the records whose writes were folded into it, oldest first
     * @param reason why, in words an operator can act on
     */
    record Refusal(DocumentRef document, List<RecordOrigin> origins, String reason) {}

    Channel open() throws IOException;

    /** A writer's channel. */
    interface Channel extends AutoCloseable {
        /** Returns once the refusal is durable: the checkpoint after this flush counts on it. */
        void send(Refusal refusal) throws IOException;
    }
}
