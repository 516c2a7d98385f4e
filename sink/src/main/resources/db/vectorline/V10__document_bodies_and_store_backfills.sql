-- The Citus staging tables again, now with the body (as in V8). First: once a statement of the
-- transaction ran on shards in parallel, Citus refuses to distribute a table in it.
DO $$
DECLARE
  tbl text;
BEGIN
  IF '${layout}' <> 'citus' THEN
    RETURN;
  END IF;
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
  DROP TABLE IF EXISTS vectorline_staged_documents, vectorline_staged_chunks;
  ${citusStagingTables}
  FOREACH tbl IN ARRAY ARRAY['vectorline_staged_documents', 'vectorline_staged_chunks'] LOOP
    PERFORM create_distributed_table(tbl::regclass, 'tenant_id', colocate_with => 'documents');
  END LOOP;
END $$;

-- Each document's body, so a backfill can cut and embed it again from the store alone
-- (`backfill --from-store`), whatever the documents topic still holds. lz4 compresses it when it
-- is large enough to be TOASTed (about 2 kB), faster than the default pglz; documents stored
-- before this migration have no body and are left out of such backfills.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS body text;
ALTER TABLE documents ALTER COLUMN body SET COMPRESSION lz4;

-- A backfill reads either the documents topic or the store. A store backfill has no topic and
-- no offsets; its position is one row per tenant in backfill_positions, written by the job's
-- readers when a checkpoint completes (everything read before it is then in the store).
ALTER TABLE backfills ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT 'topic';
ALTER TABLE backfills ADD COLUMN IF NOT EXISTS documents bigint;
ALTER TABLE backfills ALTER COLUMN topic DROP NOT NULL;
ALTER TABLE backfills ALTER COLUMN start_offsets DROP NOT NULL;
ALTER TABLE backfills ALTER COLUMN end_offsets DROP NOT NULL;

CREATE TABLE IF NOT EXISTS backfill_positions (
    name      text NOT NULL REFERENCES backfills (name) ON DELETE CASCADE,
    tenant_id text NOT NULL,
    after_doc text NOT NULL,
    documents bigint NOT NULL,
    PRIMARY KEY (name, tenant_id)
);
