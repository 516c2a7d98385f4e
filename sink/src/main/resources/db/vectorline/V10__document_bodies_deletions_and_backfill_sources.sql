-- The Citus staging tables again, now with the body and what a deletion removes (as in V8).
-- First: once a statement of the transaction ran on shards in parallel, Citus refuses to
-- distribute a table in it.
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
-- partitions keep their own setting: each is set (on Citus the one table is its own leaf)
DO $$
DECLARE
  part regclass;
BEGIN
  FOR part IN SELECT relid FROM pg_partition_tree('documents') WHERE isleaf OR parentrelid IS NULL LOOP
    EXECUTE format('ALTER TABLE %s ALTER COLUMN body SET COMPRESSION lz4', part);
  END LOOP;
END $$;

-- A backfill reads the documents topic, the store, or JSON Lines files. One of the store or of
-- files has no topic and no offsets; its position is one row per split (a tenant, or a file) in
-- backfill_positions, written by the job's readers when a checkpoint completes (everything read
-- before it is then in the store).
ALTER TABLE backfills ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT 'topic';
ALTER TABLE backfills ADD COLUMN IF NOT EXISTS records bigint;
ALTER TABLE backfills ADD COLUMN IF NOT EXISTS files text[] NOT NULL DEFAULT '{}';
ALTER TABLE backfills ALTER COLUMN topic DROP NOT NULL;
ALTER TABLE backfills ALTER COLUMN start_offsets DROP NOT NULL;
ALTER TABLE backfills ALTER COLUMN end_offsets DROP NOT NULL;

CREATE TABLE IF NOT EXISTS backfill_positions (
    name      text NOT NULL REFERENCES backfills (name) ON DELETE CASCADE,
    split     text NOT NULL,    -- a tenant, or a file
    after     text NOT NULL,    -- the last document id read, or the byte offset of the next line
    records   bigint NOT NULL,  -- read so far
    PRIMARY KEY (name, split)
);

-- The version each deleted document had when its tombstone was applied: a version up to it,
-- replayed by a backfill or by a restore, does not bring the document back; a newer one
-- re-creates it. Only keys and versions: nothing of the deleted content stays. Co-located with
-- the documents on Citus, so every statement of a flush stays on the tenant's shards.
CREATE TABLE IF NOT EXISTS document_deletions (
    tenant_id  text NOT NULL,
    doc_id     text NOT NULL,
    version    bigint NOT NULL,
    deleted_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, doc_id)
);

DO $$
BEGIN
  IF '${layout}' <> 'citus' THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'document_deletions'::regclass) THEN
    PERFORM create_distributed_table('document_deletions', 'tenant_id', colocate_with => 'documents');
  END IF;
END $$;

-- When each stored version's record was written to its topic: a tombstone a backfill replays
-- removes a version only if that version was recorded before it. NULL (stored before this
-- migration, or known without its record): any tombstone removes it.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS recorded_at timestamptz;
