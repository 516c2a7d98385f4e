-- The Citus layout's staging tables, re-created from the one definition of their columns
-- (io.vectorline.store.StoreRows, through StagingTables.citusDdl), so they always match what the
-- writer copies into them. Their rows never outlive a transaction, so nothing is lost. In the
-- one-node layout, where staging tables are temporary, this migration changes nothing.
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
