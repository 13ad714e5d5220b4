-- 003: OCR results by page image, so that a re-import (or an import resumed after a crash) OCRs
-- nothing twice. The key hashes the engine, its languages and settings, and the image's pixels.
CREATE TABLE ocr_cache (
  key        TEXT PRIMARY KEY,
  result     TEXT NOT NULL,                     -- JSON: { words: [{ text, box, conf }], meanConfidence }
  created_at TEXT NOT NULL
) WITHOUT ROWID;
