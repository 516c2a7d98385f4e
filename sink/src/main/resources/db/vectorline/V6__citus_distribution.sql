-- The Citus layout (${layout} = citus): documents and chunks become plain tables distributed by
-- tenant_id in one co-location group, embedding_models a reference table, and two staging tables
-- for the writer are distributed beside them. In the one-node layout this migration changes nothing.
--
-- Plain tables, not partitioned ones: Citus can distribute a partitioned table, but it then
-- distributes every partition too (partitions x shards tables per table), and hash partitions on
-- the distribution column only split each shard's hash range again. Sharding by tenant_id already
-- gives what the partitions gave one node: a tenant's rows together, joins shard by shard.
-- V1-V4 are left as they are (their checksums are recorded in every database migrated so far), so
-- the partitioned tables they made are replaced here by plain ones with the same columns, keys,
-- defaults, storage options, row-level security, policies, grants and rows.
--
-- What the shards get: create_distributed_table creates every shard with the table's indexes,
-- storage options (toast_tuple_target), grants, row-level security and policies, and later
-- GRANT / CREATE POLICY on the distributed table reach the shards too. Readers query the shards as
-- themselves: the reader role reaches the workers because Citus (11+) propagates CREATE ROLE, and
-- the tenant they set reaches them through SET LOCAL (see citus.propagate_set_commands below).
DO $$
DECLARE
  tbl text;
  old_name text;
  leaf regclass;
  options text[];
  pol record;
  acl record;
  roles text;
  pkey text;
  had_rows boolean;
  moved text[] := '{}';
BEGIN
  IF '${layout}' <> 'citus' THEN
    RETURN;
  END IF;

  -- one connection per worker for the whole migration: shards created and filled in one
  -- transaction must be written over the connections that created them
  PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);

  FOREACH tbl IN ARRAY ARRAY['documents', 'chunks'] LOOP
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = tbl::regclass);
    old_name := tbl || '_one_node';
    EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, old_name);
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING ALL)', tbl, old_name);

    -- storage options were set per partition (V4); take them from a leaf
    SELECT relid INTO leaf FROM pg_partition_tree(old_name::regclass) WHERE isleaf LIMIT 1;
    SELECT reloptions INTO options FROM pg_class WHERE oid = leaf;
    IF options IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %I SET (%s)', tbl, array_to_string(options, ', '));
    END IF;

    IF (SELECT relrowsecurity FROM pg_class WHERE oid = old_name::regclass) THEN
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
    END IF;
    IF (SELECT relforcerowsecurity FROM pg_class WHERE oid = old_name::regclass) THEN
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
    END IF;
    FOR pol IN
      SELECT p.policyname, p.permissive, p.cmd, p.roles, p.qual, p.with_check
      FROM pg_policies p
      WHERE p.schemaname = current_schema() AND p.tablename = old_name
    LOOP
      SELECT string_agg(CASE WHEN r = 'public' THEN 'PUBLIC' ELSE quote_ident(r) END, ', ')
        INTO roles FROM unnest(pol.roles) AS r;
      EXECUTE format('CREATE POLICY %I ON %I AS %s FOR %s TO %s', pol.policyname, tbl, pol.permissive,
                     pol.cmd, roles)
              || CASE WHEN pol.qual IS NULL THEN '' ELSE ' USING (' || pol.qual || ')' END
              || CASE WHEN pol.with_check IS NULL THEN '' ELSE ' WITH CHECK (' || pol.with_check || ')' END;
    END LOOP;
    FOR acl IN
      SELECT a.grantee, a.privilege_type
      FROM pg_class c, aclexplode(c.relacl) a
      WHERE c.oid = old_name::regclass AND a.grantee <> c.relowner
    LOOP
      EXECUTE format('GRANT %s ON %I TO %s', acl.privilege_type, tbl,
                     CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END);
    END LOOP;

    EXECUTE format('INSERT INTO %I SELECT * FROM %I', tbl, old_name);
    EXECUTE format('DROP TABLE %I', old_name);
    -- LIKE named the new primary key after the old one's (taken until now): give it the usual name
    SELECT conname INTO pkey FROM pg_constraint WHERE conrelid = tbl::regclass AND contype = 'p';
    IF pkey IS NOT NULL AND pkey <> tbl || '_pkey' THEN
      EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', tbl, pkey, tbl || '_pkey');
    END IF;
  END LOOP;

  -- The writer's staging tables on Citus: COPY routes each row to its tenant's shard and the merge
  -- statements join co-located shards on the workers (coordinator temporary tables would send
  -- every row through the coordinator again). UNLOGGED: their rows never outlive a transaction.
  CREATE UNLOGGED TABLE IF NOT EXISTS vectorline_staged_documents (
    tenant_id text NOT NULL, doc_id text NOT NULL, delete_first boolean, upsert boolean, version bigint,
    title text, metadata jsonb, source_uri text, event_time timestamptz, chunk_count int, content_hash bytea
  );
  CREATE UNLOGGED TABLE IF NOT EXISTS vectorline_staged_chunks (
    tenant_id text NOT NULL, doc_id text NOT NULL, chunk_no int, version bigint, model_id text, content text,
    content_hash bytea, embedding vector
  ) WITH (toast_tuple_target = 8160);

  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'embedding_models'::regclass) THEN
    had_rows := EXISTS (SELECT 1 FROM embedding_models);
    PERFORM create_reference_table('embedding_models');
    IF had_rows THEN
      moved := moved || 'embedding_models'::text;
    END IF;
  END IF;
  FOREACH tbl IN ARRAY ARRAY['documents', 'chunks', 'vectorline_staged_documents', 'vectorline_staged_chunks'] LOOP
    CONTINUE WHEN EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = tbl::regclass);
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', tbl) INTO had_rows;
    IF tbl = 'documents' THEN
      PERFORM create_distributed_table(tbl::regclass, 'tenant_id');
    ELSE
      PERFORM create_distributed_table(tbl::regclass, 'tenant_id', colocate_with => 'documents');
    END IF;
    IF had_rows THEN
      moved := moved || tbl;
    END IF;
  END LOOP;
  -- rows that were in the tables now live in the shards; drop the coordinator's stale local copy
  FOREACH tbl IN ARRAY moved LOOP
    PERFORM truncate_local_data_after_distributing_table(tbl::regclass);
  END LOOP;

  -- SET LOCAL in any session of this database reaches the workers' part of its transaction, so
  -- readers' SET LOCAL ${tenantSetting} applies on the shards (a plain SET, or set_config(), does
  -- not reach them). ChunkSearch also sets this itself, for databases where the role may not.
  BEGIN
    EXECUTE format('ALTER DATABASE %I SET citus.propagate_set_commands = %L', current_database(), 'local');
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'set citus.propagate_set_commands = local on this database';
  END;
END $$;
