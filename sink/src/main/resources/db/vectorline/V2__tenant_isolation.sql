-- Row-level security on tenant_id for everyone but the owner (the ingest role, which writes
-- through the staging path): a role sees and writes only the rows of the tenant in its
-- ${tenantSetting} setting, and nothing while it is unset. Members of ${readerRole} may read.
DO $$
BEGIN
  CREATE ROLE ${readerRole} NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE chunks ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS tenant_isolation ON documents;
CREATE POLICY tenant_isolation ON documents
  USING (tenant_id = current_setting('${tenantSetting}', true))
  WITH CHECK (tenant_id = current_setting('${tenantSetting}', true));
DROP POLICY IF EXISTS tenant_isolation ON chunks;
CREATE POLICY tenant_isolation ON chunks
  USING (tenant_id = current_setting('${tenantSetting}', true))
  WITH CHECK (tenant_id = current_setting('${tenantSetting}', true));

GRANT SELECT ON documents, chunks, embedding_models TO ${readerRole};
