-- 005: one SOP in several renditions, and organisations by canonical key (issue 12).
--
-- 1. sops.organization_key: the organisation as a key equal however it is written
--    (`Kabupaten Pesisir Selatan` and `Pemerintah Kabupaten Pesisir Selatan` are
--    `kabupaten-pesisir-selatan`; src/normalise/organisation.ts organisationKey), for stats and filters.
-- 2. sops.identity_key: Nomor SOP, organisation key and title normalised (null without a number or
--    a title); sop_bands: LSH band keys of the SOP's step texts (src/store/renditions.ts), to find
--    near-identical procedures without comparing all pairs.
-- 3. sops.group_id: the SOPs that are renditions of one SOP (the same SOP as TXT and PDF, a scan and
--    its DOCX: same identity key, or near-identical steps with no contradicting number, unit or
--    organisation) share it: the id of the first of them stored. sop_legal_bases.group_id repeats
--    it, so that `sop cites` counts SOPs, not files, from one covering index.
-- Rows stored before are filled by the code at the next import (src/store/backfill.ts,
-- 'rendition-groups'); the query commands refuse the database until then.
ALTER TABLE sops ADD COLUMN organization_key TEXT;
ALTER TABLE sops ADD COLUMN identity_key TEXT;
ALTER TABLE sops ADD COLUMN group_id TEXT;
CREATE INDEX sops_organization_key ON sops(organization_key);
CREATE INDEX sops_identity_key ON sops(identity_key);
CREATE INDEX sops_group ON sops(group_id);

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
