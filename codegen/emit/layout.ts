/**
 * The layout of generated code, so that every emitter prints its files in their final form and no
 * formatter runs in the codegen (prettier took most of a cold regeneration, #14).
 *
 * Emitters choose where lines break, always at a bracket: a line that opens a block ends with its
 * opener (`z.looseObject({`), and the line that closes it starts with the closer (`}),`). Lines
 * are written without indentation; {@link indentBlocks} then indents each line by the blocks open
 * at its start, two spaces per opening line, so nesting depth never has to be threaded through the
 * printers. Emitters may still indent a line themselves (a wrapped union's `  | A`): that indent is
 * kept, and blocks it opens are indented from it.
 */

/** Columns a generated line should stay within where the emitter has a choice (as .prettierrc.json). */
export const WIDTH = 120;

const UNIT = '  ';
const OPENERS = '([{';
const CLOSERS = ')]}';

/** A `/` after one of these (or at the start of a line) begins a regular expression literal, not a division. */
const BEFORE_REGEX = '(,=:[!&|?{};';

/** One bracketed block left open by a line: how many of its brackets are still open, and that line's indent. */
interface OpenBlock {
  brackets: number;
  readonly indent: string;
}

interface LineScan {
  /** Closers at the very start of the line (after spaces). */
  readonly leadingClosers: number;
  /** Openers minus closers in the rest of the line. */
  readonly net: number;
  /** Whether a block comment is still open at the end of the line. */
  readonly inComment: boolean;
}

/**
 * Counts the brackets of one line outside strings, regular expressions and comments. The emitters
 * print strings with `'`, `"` or `` ` `` (no `${…}` inside), regular expressions only as
 * `.regex(/…/)`, and never divide, which is all this reads.
 */
function scanLine(line: string, inComment: boolean): LineScan {
  let i = 0;
  let comment = inComment;
  let leadingClosers = 0;
  let net = 0;
  let leading = !inComment;
  let previous = '';
  while (i < line.length && line[i] === ' ') i++;
  while (i < line.length) {
    const c = line[i]!;
    if (comment) {
      if (c === '*' && line[i + 1] === '/') {
        comment = false;
        i += 2;
      } else i++;
      continue;
    }
    if (c === ' ') {
      i++;
      continue;
    }
    if (c === '/' && line[i + 1] === '/') break;
    if (c === '/' && line[i + 1] === '*') {
      comment = true;
      leading = false;
      i += 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(line, i, c);
    } else if (c === '/' && (previous === '' || BEFORE_REGEX.includes(previous))) {
      i = skipRegex(line, i);
    } else {
      if (leading && CLOSERS.includes(c)) leadingClosers++;
      else {
        leading = false;
        if (OPENERS.includes(c)) net++;
        else if (CLOSERS.includes(c)) net--;
      }
      i++;
      previous = c;
      continue;
    }
    leading = false;
    previous = 'x';
  }
  return { leadingClosers, net, inComment: comment };
}

/** The index just past the string literal that starts at `start`. */
function skipQuoted(line: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < line.length && line[i] !== quote) i += line[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** The index just past the regular expression literal (and its flags) that starts at `start`. */
function skipRegex(line: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') i += 2;
    else if (c === '[') (inClass = true), i++;
    else if (c === ']') (inClass = false), i++;
    else if (c === '/' && !inClass) break;
    else i++;
  }
  i++;
  while (i < line.length && /[a-z]/.test(line[i]!)) i++;
  return i;
}

/** Closes `count` brackets, innermost block first; returns the indent of the line that opened the last one closed. */
function close(open: OpenBlock[], count: number): string | undefined {
  let indent: string | undefined;
  for (let left = count; left > 0 && open.length > 0; left--) {
    const top = open[open.length - 1]!;
    indent = top.indent;
    if (--top.brackets === 0) open.pop();
  }
  return indent;
}

/**
 * Indents `text` by its blocks (see the module comment): a line inside a block is indented two
 * spaces past the line that opened it, a line that starts by closing a block takes the indent of
 * the line that opened it, and the lines of a block comment follow the code around them. Blank
 * lines stay empty; trailing spaces go. `base` indents every line (text that goes inside a block
 * the emitter writes itself).
 */
export function indentBlocks(text: string, base = ''): string {
  const open: OpenBlock[] = [];
  let inComment = false;
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line === '') {
      out.push('');
      continue;
    }
    const scan = scanLine(line, inComment);
    const inner = open.length > 0 ? open[open.length - 1]!.indent + UNIT : base;
    const closing = inComment ? undefined : close(open, scan.leadingClosers);
    const indent = closing ?? inner;
    const own = line.length - line.trimStart().length;
    const full = indent + ' '.repeat(own);
    out.push(full + line.trimStart());
    if (scan.net > 0) open.push({ brackets: scan.net, indent: full });
    else if (scan.net < 0) close(open, -scan.net);
    inComment = scan.inComment;
  }
  return out.join('\n');
}

/**
 * A string as a TypeScript literal in the house style: single quotes, unless the text has single
 * quotes and no double ones (`"it's"`), as prettier's `singleQuote` prints it.
 */
export function quote(text: string): string {
  const json = JSON.stringify(text);
  if (text.includes("'") && !text.includes('"')) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A property key as written in TypeScript source: bare when it is an identifier, quoted otherwise. */
export function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}

/** A literal value (`null`, a boolean, a number, a bigint, a string) as TypeScript source. */
export function literal(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return quote(value);
  return JSON.stringify(value);
}

/** A JSON value as a TypeScript literal on one line. */
function flatValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return literal(value);
  if (Array.isArray(value)) return `[${value.map(flatValue).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${key(k)}: ${flatValue(v)}`).join(', ')} }`;
}

/**
 * A JSON value as a TypeScript literal: on one line when it fits in {@link WIDTH} (it starts at
 * column `start` of a line indented `indent`, and a comma follows), otherwise one entry per line,
 * each laid out the same way. Newlines only: {@link indentBlocks} indents the result.
 */
export function printValue(value: unknown, indent = 0, start = indent): string {
  const flat = flatValue(value);
  if (value === null || typeof value !== 'object' || start + flat.length + 1 <= WIDTH) return flat;
  const inner = indent + UNIT.length;
  if (Array.isArray(value)) {
    if (value.length === 0) return flat;
    return `[\n${value.map((v: unknown) => `${printValue(v, inner)},`).join('\n')}\n]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return flat;
  const lines = entries.map(([k, v]) => `${key(k)}: ${printValue(v, inner, inner + key(k).length + 2)},`);
  return `{\n${lines.join('\n')}\n}`;
}

/** `head = value;` and a newline; a one-line value goes on a line of its own when the statement would be wider than {@link WIDTH}. */
export function assign(head: string, value: string): string {
  const line = `${head} = ${value};`;
  if (line.length <= WIDTH || value.includes('\n')) return `${line}\n`;
  return `${head} =\n  ${value};\n`;
}

/** `head = Generic<argument>;` and a newline; the argument goes on a line of its own when the statement would be wider than {@link WIDTH}. */
export function assignGeneric(head: string, generic: string, argument: string): string {
  const line = `${head} = ${generic}<${argument}>;`;
  if (line.length <= WIDTH) return `${line}\n`;
  return `${head} = ${generic}<\n  ${argument}\n>;\n`;
}

/**
 * Items of a list (call arguments, array elements): joined on one line when that stays short and
 * every item is one line, otherwise one item per line with a trailing comma.
 */
export function list(items: readonly string[], open: string, closeWith: string, width = 80): string {
  const oneLine = items.join(', ');
  if (oneLine.length <= width && !oneLine.includes('\n')) return `${open}${oneLine}${closeWith}`;
  return `${open}\n${items.map((i) => `${i},`).join('\n')}\n${closeWith}`;
}
