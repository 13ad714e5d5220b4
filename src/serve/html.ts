/**
 * HTML by tagged templates (hono/html): every interpolated string is escaped (`& < > " '`), so
 * text from documents, which may hold markup (`<script>` in a web-page copy), is shown as text.
 * Only the results of `html` and of `raw` are put in as they are; `raw` is for markup made here.
 */
import { html as honoHtml, raw as honoRaw } from 'hono/html';

/** Markup made by `html` (escaped) or `raw`. */
export type Html = ReturnType<typeof honoRaw>;

/** The template with its values escaped (arrays joined, null, undefined and booleans left out). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  // hono returns a promise only when a value is one; no value here is
  return honoHtml(strings, ...values) as Html;
}

/** Markup made here, put in unescaped: never text from a document or a request. */
export const raw = (markup: string): Html => honoRaw(markup);

/** JSON for a `<script type="application/json">` block: `<` written as \u003c, so no text can close the block. */
export function jsonScript(value: unknown): Html {
  return honoRaw(JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}
