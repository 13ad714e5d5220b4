-- 001: the SOP store. One document row per file given to `sop import`; its SOPs and their parts
-- are written in one transaction and deleted with it (ON DELETE CASCADE) when the file changes.

CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  path         TEXT NOT NULL UNIQUE,            -- as given to `sop import`
  sha256       TEXT,                            -- null when the bytes could not be read
  size         INTEGER,
  format       TEXT,                            -- text | markdown | html | pdf | docx | image
  status       TEXT NOT NULL CHECK (status IN ('imported', 'partial', 'failed', 'duplicate', 'skipped')),
  error_code   TEXT,
  error        TEXT,                            -- one line: why the file failed or is partial
  duplicate_of INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  sop_count    INTEGER NOT NULL DEFAULT 0,
  imported_at  TEXT NOT NULL
);
CREATE INDEX documents_sha256 ON documents(sha256);

CREATE TABLE sops (
  id            TEXT PRIMARY KEY,               -- record id: sha256 prefix + index in the file
  document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL,
  title         TEXT,
  number        TEXT,
  organization  TEXT,
  unit          TEXT,
  step_count    INTEGER NOT NULL,
  total_minutes REAL,                           -- sum of step durations in working minutes
  record_json   TEXT NOT NULL,                  -- the validated record (SOP-RECORD.md)
  UNIQUE (document_id, idx)
);

-- identity values as normalised (title, number, dates, approver.*), one row a field
CREATE TABLE identity_fields (
  sop_id TEXT NOT NULL REFERENCES sops(id) ON DELETE CASCADE,
  field  TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (sop_id, field)
) WITHOUT ROWID;

CREATE TABLE actors (
  sop_id    TEXT NOT NULL REFERENCES sops(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  label     TEXT NOT NULL,
  canonical TEXT NOT NULL,
  PRIMARY KEY (sop_id, position)
) WITHOUT ROWID;
CREATE INDEX actors_canonical ON actors(canonical);

CREATE TABLE steps (
  sop_id             TEXT NOT NULL REFERENCES sops(id) ON DELETE CASCADE,
  position           INTEGER NOT NULL,          -- order in the table, 0-based
  number             INTEGER,                   -- as written; null for an unnumbered row
  activity           TEXT NOT NULL,
  requirements       TEXT,
  duration_text      TEXT,
  duration_value     REAL,
  duration_value_max REAL,
  duration_unit      TEXT,
  duration_minutes   REAL,
  output             TEXT,
  notes              TEXT,
  actors_from        TEXT,
  kind               TEXT,
  PRIMARY KEY (sop_id, position)
) WITHOUT ROWID;

CREATE TABLE step_actors (
  sop_id         TEXT NOT NULL,
  step_position  INTEGER NOT NULL,
  actor_position INTEGER NOT NULL,
  PRIMARY KEY (sop_id, step_position, actor_position),
  FOREIGN KEY (sop_id, step_position) REFERENCES steps(sop_id, position) ON DELETE CASCADE,
  FOREIGN KEY (sop_id, actor_position) REFERENCES actors(sop_id, position) ON DELETE CASCADE
) WITHOUT ROWID;

-- one row per canonical regulation, shared by the SOPs that cite it
CREATE TABLE legal_bases (
  key     TEXT PRIMARY KEY,
  type    TEXT NOT NULL,
  issuer  TEXT,
  number  TEXT,
  year    INTEGER,
  subject TEXT
) WITHOUT ROWID;

CREATE TABLE sop_legal_bases (
  sop_id   TEXT NOT NULL REFERENCES sops(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,                    -- item of the Dasar Hukum list
  key      TEXT NOT NULL REFERENCES legal_bases(key),
  relation TEXT NOT NULL CHECK (relation IN ('cited', 'amendment')),
  text     TEXT NOT NULL,
  PRIMARY KEY (sop_id, position, key)
) WITHOUT ROWID;
CREATE INDEX sop_legal_bases_key ON sop_legal_bases(key);

CREATE TABLE list_items (
  sop_id   TEXT NOT NULL REFERENCES sops(id) ON DELETE CASCADE,
  field    TEXT NOT NULL CHECK (field IN ('qualifications', 'relatedSops', 'equipment', 'warnings', 'recordKeeping')),
  position INTEGER NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (sop_id, field, position)
) WITHOUT ROWID;

CREATE TABLE diagnostics (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sop_id      TEXT REFERENCES sops(id) ON DELETE CASCADE,
  level       TEXT NOT NULL CHECK (level IN ('warning', 'error')),
  code        TEXT NOT NULL,
  message     TEXT NOT NULL
);
CREATE INDEX diagnostics_document ON diagnostics(document_id);

-- full-text search over titles, steps, outputs and legal-basis subjects
CREATE VIRTUAL TABLE sop_search USING fts5(
  sop_id UNINDEXED,
  title,
  body,
  tokenize = 'unicode61 remove_diacritics 2'
);
