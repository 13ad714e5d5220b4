-- 005: one SOP in several renditions, and organisations by canonical key (issue 12).
--
-- sop_groups, one row per SOP, narrow (the sops rows hold the record's JSON, which every read of a
-- column after it would cross):
-- - group_id: the SOPs that are renditions of one SOP (the same SOP as TXT and PDF, a scan and its
--   DOCX: same identity key, or near-identical steps with no contradicting number, unit or
--   organisation; src/store/renditions.ts) share it: the id of the first of them stored;
-- - organization_key: the organisation as a key equal however it is written (`Kabupaten Pesisir
--   Selatan` and `Pemerintah Kabupaten Pesisir Selatan` are `kabupaten-pesisir-selatan`;
--   src/normalise/organisation.ts organisationKey), for stats and filters;
-- - identity_key: Nomor SOP, organisation key and title normalised (null without a number or title);
-- - number and unit as in sops, for telling renditions from copies without reading sops rows.
-- sop_bands: LSH band keys of each SOP's step texts, to find near-identical procedures without
-- comparing all pairs. sop_legal_bases.group_id repeats the group, so that `sop cites` counts SOPs,
-- not files, from one covering index.
-- Rows for SOPs stored before are made by the code at the next import (src/store/backfill.ts,
-- 'rendition-groups'); the query commands refuse the database until then.
CREATE TABLE sop_groups (
  sop_id           TEXT PRIMARY KEY REFERENCES sops(id) ON DELETE CASCADE,
  group_id         TEXT NOT NULL,
  organization_key TEXT,
  identity_key     TEXT,
  number           TEXT,
  unit             TEXT
) WITHOUT ROWID;
CREATE INDEX sop_groups_group ON sop_groups(group_id);
CREATE INDEX sop_groups_identity ON sop_groups(identity_key);
CREATE INDEX sop_groups_organization ON sop_groups(organization_key);

CREATE TABLE sop_bands (
  sop_id TEXT NOT NULL REFERENCES sops(id) ON DELETE CASCADE,
  band   INTEGER NOT NULL,                      -- band index · 2^32 + the band's hash
  PRIMARY KEY (sop_id, band)
) WITHOUT ROWID;
CREATE INDEX sop_bands_band ON sop_bands(band);

ALTER TABLE sop_legal_bases ADD COLUMN group_id TEXT;
DROP INDEX sop_legal_bases_key;
CREATE INDEX sop_legal_bases_key_group ON sop_legal_bases(key, group_id);

INSERT INTO pending_backfills (name) VALUES ('rendition-groups');
