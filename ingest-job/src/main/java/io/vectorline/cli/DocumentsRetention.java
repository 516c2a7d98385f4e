package io.vectorline.cli;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How a documents topic that {@code --create-topics} makes keeps its records, which decides what a
 * backfill can reach (docs/backfill.md).
 */
public enum DocumentsRetention {
    /**
     * Compacted: every document's latest version stays for good, so a backfill of the whole topic
     * rebuilds every document; the full history of the last day is kept uncompacted, and a
     * deletion's tombstone for 7 days after compaction. Kafka refuses records without a key.
     */
    COMPACT(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()),
            TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis()))),
    /**
     * Deleted after the broker's retention (7 days unless configured): a backfill reaches only that
     * window, and a document unchanged for longer is no longer in the topic.
     */
    DELETE(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));

    final Map<String, String> topicConfigs;

    DocumentsRetention(Map<String, String> topicConfigs) {
        this.topicConfigs = topicConfigs;
    }
}
