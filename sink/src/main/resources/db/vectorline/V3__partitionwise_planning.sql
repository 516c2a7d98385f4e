-- Both tables share one hash layout, so joins and aggregates can run partition by partition
-- (off by default in PostgreSQL because planning takes longer). Set for the database where the
-- role may; otherwise a notice asks the owner to.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET enable_partitionwise_join = on', current_database());
  EXECUTE format('ALTER DATABASE %I SET enable_partitionwise_aggregate = on', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'set enable_partitionwise_join and enable_partitionwise_aggregate on this database';
END $$;
