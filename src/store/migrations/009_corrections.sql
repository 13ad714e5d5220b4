-- 009: corrections a person made to extracted records (`sop serve`), and the indexes the web list
-- filters and sorts by.
--
-- 1. A correction is its own row, never an edit of `sops.record_json`: the record stays as read
--    from the file and the corrections are applied on read (src/serve/corrections.ts) by the page,
--    the CLI and every export. Rows are not tied to `sops` by a foreign key: a changed file
--    replaces its records (new ids), and its corrections must outlive that. A correction belongs
--    to the record with its `sop_id` (same bytes, wherever they are), or to the record at the same
--    index of the same file (`file`, `sop_index`: the file changed); it is applied only when the
--    field still holds `old_json`, else it is shown as stale.
CREATE TABLE corrections (
  id         INTEGER PRIMARY KEY,
  edit_id    INTEGER NOT NULL,                -- the rows of one edit (a merge of two steps makes two) share it; undone together
  sop_id     TEXT NOT NULL,                   -- record id when the correction was made
  file       TEXT NOT NULL,                   -- record's source.path
  sop_index  INTEGER NOT NULL,                -- the SOP's index in its file
  sha256     TEXT NOT NULL,                   -- the bytes the corrected record was read from
  field      TEXT NOT NULL,                   -- field path, JSON Pointer without the leading slash (identity/title, steps/3/actors)
  old_json   TEXT NOT NULL,                   -- JSON of the value before; null for an array item inserted
  new_json   TEXT NOT NULL,                   -- JSON of the value after; null for an array item removed
  at         TEXT NOT NULL,                   -- ISO time
  by         TEXT,                            -- the name the person gave, if any
  undone_at  TEXT,                            -- set by undo: the row is kept, no longer applied
  undone_by  TEXT
);
CREATE INDEX corrections_sop ON corrections(sop_id);
CREATE INDEX corrections_file ON corrections(file, sop_index);

-- 2. The web list (src/serve/queries.ts) at 100k SOPs: filters by organisation and unit (covering
--    the columns a filter joins on, so that the large rows of `sops` are not read for SOPs a page
--    does not show), and the lowest record confidence first (schemaVersion 2 records; the
--    expression index is used by ORDER BY on the same expression).
CREATE INDEX sops_organization ON sops(organization, document_id, id);
CREATE INDEX sops_unit ON sops(unit, document_id, id);
CREATE INDEX sops_confidence ON sops(json_extract(record_json, '$.confidence.record'));
CREATE INDEX documents_status ON documents(status);

-- 3. The record id of each full-text row, in a compact table: the web list searches the FTS index
--    and joins its rowids to SOPs here, because reading `sop_search.sop_id` reads each matching
--    row's whole stored text (titles and step bodies), which at 100k matches takes seconds. Rows of
--    deleted SOPs go with them (trigger); rows added since are appended by the list before each
--    search (src/serve/queries.ts, `syncSearchIds`: FTS5 rowids only grow).
CREATE TABLE sop_search_ids (
  fts_rowid INTEGER PRIMARY KEY,
  sop_id    TEXT NOT NULL
);
CREATE INDEX sop_search_ids_sop ON sop_search_ids(sop_id);
INSERT INTO sop_search_ids (fts_rowid, sop_id) SELECT rowid, sop_id FROM sop_search;
CREATE TRIGGER sops_delete_search_ids AFTER DELETE ON sops BEGIN
  DELETE FROM sop_search_ids WHERE sop_id = OLD.id;
END;
