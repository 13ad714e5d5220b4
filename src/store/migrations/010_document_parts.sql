-- 010: one SOP in several files (page images of one SOP: src/import/parts.ts). The SOP's records
-- belong to the first file's document; the documents of the other files point to it (`part_of`)
-- and hold no SOP of their own, so that `sop show` of any of the files finds the SOP and a change
-- to any of them reads them all again.
ALTER TABLE documents ADD COLUMN part_of INTEGER REFERENCES documents(id) ON DELETE SET NULL;
CREATE INDEX documents_part_of ON documents(part_of);
