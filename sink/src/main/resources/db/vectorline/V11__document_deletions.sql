-- The Citus staging tables again, now with what a deletion removes (as in V8; first, since Citus refuses to
-- distribute a table once a statement of the transaction ran on shards in parallel).
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
