-- Nothing read embedding_models.active: which model a store serves is decided by the job that
-- writes it. The column goes rather than mislead.
ALTER TABLE embedding_models DROP COLUMN IF EXISTS active;
