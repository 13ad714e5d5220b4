-- 008: the confidence of every field of a record (schemaVersion 2, SOP-RECORD.md `confidence`), one
-- row a field, so that `sop review` lists the fields a person should check first, lowest confidence
-- first, without reading every record's JSON. Records stored by an older version carry none: an
-- import reads their files again (src/import/importer.ts), which fills them.
CREATE TABLE field_confidence (
  sop_id     TEXT NOT NULL REFERENCES sops(id) ON DELETE CASCADE,
  path       TEXT NOT NULL,                   -- field path, JSON Pointer without the leading slash
  confidence REAL NOT NULL,                   -- 0–1
  PRIMARY KEY (sop_id, path)
) WITHOUT ROWID;
CREATE INDEX field_confidence_value ON field_confidence(confidence, sop_id, path);
