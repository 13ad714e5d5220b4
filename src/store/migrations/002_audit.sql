-- 002: what the audit tools (sop cites, sop search) need beyond 001.
--
-- 1. sop_legal_bases may also hold the regulation a cited item amends (relation 'amended': an item
--    `Peraturan Daerah … Nomor 2 Tahun 2021 tentang Perubahan atas Peraturan Daerah Nomor 8 Tahun
--    2016`, seed 000, makes the SOP findable by Perda 8/2016 too). SQLite cannot alter a CHECK
--    constraint, so the table is rebuilt; no table references it.
CREATE TABLE sop_legal_bases_new (
  sop_id   TEXT NOT NULL REFERENCES sops(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,                    -- item of the Dasar Hukum list
  key      TEXT NOT NULL REFERENCES legal_bases(key),
  relation TEXT NOT NULL CHECK (relation IN ('cited', 'amendment', 'amended')),
  text     TEXT NOT NULL,
  PRIMARY KEY (sop_id, position, key)
) WITHOUT ROWID;
INSERT INTO sop_legal_bases_new (sop_id, position, key, relation, text)
  SELECT sop_id, position, key, relation, text FROM sop_legal_bases;
DROP TABLE sop_legal_bases;
ALTER TABLE sop_legal_bases_new RENAME TO sop_legal_bases;
CREATE INDEX sop_legal_bases_key ON sop_legal_bases(key);

-- 2. sop_search gains `stems`: the title and body reduced to Indonesian stems (natural's Sastrawi
--    stemmer: pemantauan, memantau → pantau), so a search finds a word whatever its affixes. An FTS5
--    table cannot gain a column: it is rebuilt, the stems of existing rows left NULL for step 3.
CREATE VIRTUAL TABLE sop_search_new USING fts5(
  sop_id UNINDEXED,
  title,
  body,
  stems,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO sop_search_new (rowid, sop_id, title, body) SELECT rowid, sop_id, title, body FROM sop_search;
DROP TABLE sop_search;
ALTER TABLE sop_search_new RENAME TO sop_search;

-- 3. Derived rows SQL cannot compute (stems, amended regulations) for SOPs imported before this
--    migration: the code fills them (src/query/backfill.ts) and deletes the name. New imports write
--    them directly (src/store/write.ts).
CREATE TABLE pending_backfills (name TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO pending_backfills (name) VALUES ('search-stems'), ('amended-bases');
