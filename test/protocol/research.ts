/**
 * Reads the tables of ../shared/research/gateway-protocol.md (§2), so the generated protocol tables
 * are checked against the research rather than against a copy of it. When the shared folder is not
 * there (a checkout outside the workspace), `research` is null and the tests that need it skip
 * with a printed reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../../../shared/research/gateway-protocol.md', import.meta.url));

export const researchPath = file;
export const research: string | null = existsSync(file) ? readFileSync(file, 'utf8') : null;

export function skipReason(): string {
  return `../shared/research/gateway-protocol.md not found at ${file}; skipping the checks against the research tables`;
}

/** The text from a heading starting with `heading` up to the next heading of the same or higher level. */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{2,4} /.test(line) && line.replace(/^#+ /, '').startsWith(heading));
  if (start < 0) throw new Error(`section ${heading} not found`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  let end = start + 1;
  while (end < lines.length && !(/^#+ /.test(lines[end]!) && /^#+/.exec(lines[end]!)![0].length <= level)) end++;
  return lines.slice(start + 1, end).join('\n');
}

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Splits a table row on unescaped pipes and unescapes `\|` in cells. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Every markdown table in `text`, in order. */
export function tables(text: string): Table[] {
  const out: Table[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trim().startsWith('|') || !/^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1] ?? '')) continue;
    const header = cells(lines[i]!);
    const rows: string[][] = [];
    let j = i + 2;
    while (j < lines.length && lines[j]!.trim().startsWith('|')) rows.push(cells(lines[j++]!));
    out.push({ header, rows });
    i = j - 1;
  }
  return out;
}

/** The first table in `text` whose header starts with `firstColumns`. */
export function tableWith(text: string, ...firstColumns: string[]): Table {
  const found = tables(text).find((t) => firstColumns.every((col, i) => t.header[i] === col));
  if (found === undefined) throw new Error(`no table with columns ${firstColumns.join(' | ')}`);
  return found;
}

/** Removes markdown emphasis and code ticks. */
export function plain(cell: string): string {
  return cell
    .replace(/\*\*|`/g, '')
    .replace(/\\\*/g, '*')
    .trim();
}

/**
 * Expands the research's abbreviations of event lists: `A_B_CREATE, _UPDATE, _USER_ADD` and
 * `A_CREATE/UPDATE/DELETE` share the first name's prefix (the first name without its last word).
 */
export function expandEvents(list: string): string[] {
  const names: string[] = [];
  let base = '';
  for (const raw of list.split(',')) {
    const item = plain(raw)
      .replace(/\(.*?\)/g, '')
      .replace(/\*/g, '')
      .trim();
    if (item === '') continue;
    const [first, ...more] = item.split('/').map((part) => part.trim());
    let full = first!;
    if (full.startsWith('_')) full = prefixOf(base) + full;
    else base = full;
    names.push(full);
    for (const rest of more) names.push(`${prefixOf(full)}_${rest}`);
  }
  return names;
}

function prefixOf(name: string): string {
  return name.slice(0, name.lastIndexOf('_'));
}
