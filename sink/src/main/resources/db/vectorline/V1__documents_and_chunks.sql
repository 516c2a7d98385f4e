-- Documents and their embedded chunks, hash-partitioned by tenant_id with one modulus for both
-- tables (the one-node form of co-location). Every key starts with tenant_id, the distribution
-- column on Citus. ${dimensions} and ${partitions} come from the model spec and the job's settings.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE IF NOT EXISTS embedding_models (
  model_id   text PRIMARY KEY,
  dimensions int NOT NULL,
  max_tokens int NOT NULL,
  pooling    text NOT NULL,
  active     boolean NOT NULL DEFAULT true
);

CREATE TABLE IF NOT EXISTS documents (
  tenant_id   text NOT NULL,
  doc_id      text NOT NULL,
  version     bigint NOT NULL,
  title       text,
  metadata    jsonb NOT NULL DEFAULT '{}',
  source_uri  text,
  event_time  timestamptz NOT NULL,
  chunk_count int NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, doc_id)
) PARTITION BY HASH (tenant_id);

CREATE TABLE IF NOT EXISTS chunks (
  tenant_id    text NOT NULL,
  doc_id       text NOT NULL,
  chunk_no     int NOT NULL,
  version      bigint NOT NULL,
  model_id     text NOT NULL,
  content      text NOT NULL,
  content_hash bytea NOT NULL,
  embedding    vector(${dimensions}) NOT NULL,
  PRIMARY KEY (tenant_id, doc_id, chunk_no)
) PARTITION BY HASH (tenant_id);

DO $$
BEGIN
  FOR remainder IN 0..(${partitions} - 1) LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS documents_p%s PARTITION OF documents'
                   ' FOR VALUES WITH (MODULUS %s, REMAINDER %s)', remainder, ${partitions}, remainder);
    EXECUTE format('CREATE TABLE IF NOT EXISTS chunks_p%s PARTITION OF chunks'
                   ' FOR VALUES WITH (MODULUS %s, REMAINDER %s)', remainder, ${partitions}, remainder);
  END LOOP;
END $$;
