package io.vectorline.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading a cluster's jobs overview, served as Flink's REST API serves it. */
class ClusterJobsTest {
    private static final String OVERVIEW = """
            {"jobs":[
              {"jid":"a1","name":"vectorline-backfill-done","state":"FINISHED"},
              {"jid":"b2","name":"vectorline-backfill-busy","state":"RUNNING"},
              {"jid":"c3","name":"vectorline-backfill-busy-2","state":"RESTARTING"},
              {"jid":"d4","name":"vectorline-backfill-gone","state":"CANCELED"}]}""";

    private HttpServer server;
    private String address;

    @BeforeEach
    void serveOverview() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jobs/overview", exchange -> {
            byte[] body = OVERVIEW.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        address = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aJobOfTheSameNameThatHasNotEndedIsRefusedWithItsId() {
        assertThatThrownBy(() -> ClusterJobs.requireNoneRunning(address, "vectorline-backfill-busy"))
                .hasMessageContaining("still runs").hasMessageContaining("b2 (RUNNING)")
                .hasMessageNotContaining("c3");
        assertThatThrownBy(() -> ClusterJobs.requireNoneRunning(address, "vectorline-backfill-busy-2"))
                .hasMessageContaining("c3 (RESTARTING)");
    }

    @Test
    void endedJobsAndOtherNamesAreNoObstacle() {
        assertThatCode(() -> ClusterJobs.requireNoneRunning(address, "vectorline-backfill-done")).doesNotThrowAnyException();
        assertThatCode(() -> ClusterJobs.requireNoneRunning(address, "vectorline-backfill-gone")).doesNotThrowAnyException();
        assertThatCode(() -> ClusterJobs.requireNoneRunning(address, "vectorline-backfill-new")).doesNotThrowAnyException();
    }
}
