-- A chunk row (text, a 384-float vector of 1.5 KB, keys) passes PostgreSQL's default 2 KB TOAST
-- threshold, so every write would compress the text and move the vector (storage EXTERNAL) into
-- the TOAST table, and every search would fetch it back. Rows up to a page stay inline instead.
DO $$
DECLARE
  partition regclass;
BEGIN
  FOR partition IN SELECT relid FROM pg_partition_tree('chunks') WHERE isleaf LOOP
    EXECUTE format('ALTER TABLE %s SET (toast_tuple_target = 8160)', partition);
  END LOOP;
END $$;
