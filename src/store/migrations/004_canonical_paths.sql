-- 004: a document's path is its identity: the file's real path, absolute with symbolic links
-- resolved (issue 12: one file imported as `.` and as `/abs/dir` gave two records). Paths stored
-- before, as given on the command line, are made canonical by the code at the next import
-- (src/store/backfill.ts, 'canonical-paths'), which can resolve them on the file system.
INSERT INTO pending_backfills (name) VALUES ('canonical-paths');
