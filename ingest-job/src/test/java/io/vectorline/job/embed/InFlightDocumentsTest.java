package io.vectorline.job.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.model.DocumentRef;
import org.junit.jupiter.api.Test;

class InFlightDocumentsTest {
    private static final DocumentRef A = new DocumentRef("t", "a");
    private static final DocumentRef B = new DocumentRef("t", "b");

    @Test
    void entriesLeaveOnlyWhenACheckpointTakenAfterThemCompletes() {
        InFlightDocuments inFlight = new InFlightDocuments();
        inFlight.emitted(A, KnownDocument.deleted(1));
        inFlight.checkpointTaken(1);
        inFlight.emitted(B, KnownDocument.deleted(1));

        inFlight.checkpointCompleted(1);
        assertThat(inFlight.get(A)).isNull();
        assertThat(inFlight.get(B)).isNotNull();

        inFlight.checkpointTaken(2);
        inFlight.checkpointTaken(3);
        inFlight.checkpointCompleted(3);
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void aNewerEmissionOfTheSameDocumentOutlivesTheCheckpointOfTheOlderOne() {
        InFlightDocuments inFlight = new InFlightDocuments();
        inFlight.emitted(A, KnownDocument.deleted(1));
        inFlight.checkpointTaken(1);
        KnownDocument newer = new KnownDocument(5, 0, null, java.util.Map.of(), java.util.Map.of());
        inFlight.emitted(A, newer);
        inFlight.checkpointCompleted(1);
        assertThat(inFlight.get(A)).isSameAs(newer);
    }
}
