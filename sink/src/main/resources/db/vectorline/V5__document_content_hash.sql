-- The hash of what a document's chunks were cut from (model id, chunking settings and body), so a
-- re-published document whose body is unchanged is neither re-chunked nor re-embedded. Rows
-- stored before this column existed have NULL, which matches nothing: they are compared chunk by chunk.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS content_hash bytea;
