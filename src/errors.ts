/**
 * Why a file could not be read. `code` is short and stable (stored in `documents.error_code`);
 * `message` says the reason in words. The importer adds the file's path.
 */
export type ErrorCode =
  | 'empty'
  | 'binary'
  | 'unsupported'
  | 'not-found'
  | 'unreadable'
  | 'too-large'
  | 'not-sop'
  | 'no-procedure'
  | 'encrypted'
  | 'invalid-pdf'
  | 'invalid-image'
  | 'invalid-docx'
  | 'invalid-spreadsheet'
  | 'too-many-pages'
  | 'timeout'
  | 'ocr-failed'
  | 'needs-ocr';

export class SopError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'SopError';
    this.code = code;
  }
}
