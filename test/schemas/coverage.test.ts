/**
 * Coverage of the gateway frames in schemas/events against Discord's own documentation.
 *
 * The docs' Receive Events and Send Events tables are the list of what must exist; the frames are
 * found only through events/receive.json and events/send.json, exactly as the codegen finds them,
 * so a frame file that neither union lists counts as missing too.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = new URL('../../', import.meta.url);
const eventsDir = fileURLToPath(new URL('schemas/events/', repoRoot));
const sharedDocs = new URL('../../../shared/reference/discord-api-docs/developers/', import.meta.url);
const gatewayEventsPath = fileURLToPath(new URL('events/gateway-events.mdx', sharedDocs));
const opcodesPath = fileURLToPath(new URL('topics/opcodes-and-status-codes.mdx', sharedDocs));

type Json = Record<string, unknown>;

interface Frame {
  file: string;
  title: string | undefined;
  op: number | undefined;
  t: string | undefined;
  schema: Json;
}

const UNIONS = ['receive.json', 'send.json'] as const;

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The single value of a constant schema (`enum: [x]` or `const: x`). */
function constantOf(schema: unknown): unknown {
  const s = asObject(schema);
  if (!s) return undefined;
  if ('const' in s) return s.const;
  return Array.isArray(s.enum) && s.enum.length === 1 ? s.enum[0] : undefined;
}

/** Frame file names a union lists, in order; refs must be root-relative to /events/. */
function unionMembers(union: string): string[] {
  const schema = readJson(eventsDir + union);
  const oneOf = Array.isArray(schema.oneOf) ? schema.oneOf : [];
  return oneOf.map((member) => {
    const ref = asObject(member)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('/events/') || ref.includes('#')) {
      throw new Error(`${union}: member ${JSON.stringify(member)} is not a $ref to a frame file`);
    }
    return ref.slice('/events/'.length);
  });
}

function loadFrame(file: string): Frame {
  const schema = readJson(eventsDir + file);
  const props = asObject(schema.properties) ?? {};
  const op = constantOf(props.op);
  const t = constantOf(props.t);
  return {
    file,
    title: typeof schema.title === 'string' ? schema.title : undefined,
    op: typeof op === 'number' ? op : undefined,
    t: typeof t === 'string' ? t : undefined,
    schema,
  };
}

function framesOf(union: (typeof UNIONS)[number]): Frame[] {
  return unionMembers(union)
    .filter((f) => existsSync(eventsDir + f))
    .map(loadFrame);
}

/** Rows (cells, trimmed) of the first markdown table after the heading line `heading`. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`heading "${heading}" not found`);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('|')) {
      inTable = true;
      if (/^\|[\s:|-]+\|$/.test(trimmed)) continue; // the header separator
      rows.push(trimmed.slice(1, -1).split('|').map((cell) => cell.trim()));
    } else if (inTable) {
      break;
    }
  }
  return rows.slice(1); // drop the header row
}

/** Names in a Name column of `[Name](/developers/...)` links. */
function linkedNames(rows: string[][]): string[] {
  return rows.map((row) => {
    const match = /^\[([^\]]+)\]/.exec(row[0] ?? '');
    if (!match?.[1]) throw new Error(`unexpected table row: ${row.join(' | ')}`);
    return match[1];
  });
}

/**
 * The opcode of the example payload in the section documenting `name`, if it has one. Dispatch
 * sections show only `d`, so "no opcode" (or 0) means a dispatch.
 */
function exampleOpcode(markdown: string, name: string): number | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{2,5} /.test(line) && line.replace(/^#+ /, '').trim() === name);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && /^#{1,4} /.test(line));
  const section = lines.slice(start, end < 0 ? undefined : end).join('\n');
  const match = /"op":\s*(\d+)/.exec(section);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

const pascal = (name: string): string => name.split(/\s+/).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
const upperSnake = (name: string): string => name.trim().toUpperCase().replace(/\s+/g, '_');

const docsPresent = existsSync(gatewayEventsPath);
const docsMissingReason = `skipped: ${gatewayEventsPath} is absent (the shared Discord docs are not checked out next to the repo)`;
if (!docsPresent) console.warn(docsMissingReason);

describe('frame unions', () => {
  it('receive.json and send.json together list every frame file, each once, and only files that exist', () => {
    const files = readdirSync(eventsDir).filter((f) => f.endsWith('.json') && !UNIONS.includes(f as never));
    const listed = UNIONS.flatMap((u) => unionMembers(u).map((f) => ({ union: u, file: f })));
    const problems: string[] = [];
    for (const file of files) {
      const where = listed.filter((l) => l.file === file).map((l) => l.union);
      if (where.length === 0) problems.push(`${file} is in neither receive.json nor send.json`);
      if (where.length > 1) problems.push(`${file} is listed ${where.length} times (${where.join(', ')})`);
    }
    for (const { union, file } of listed) {
      if (!existsSync(eventsDir + file)) problems.push(`${union} lists ${file}, which does not exist`);
    }
    expect(problems).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
  });

  it('each union has its fixed title', () => {
    expect(readJson(eventsDir + 'receive.json').title).toBe('GatewayReceivePayload');
    expect(readJson(eventsDir + 'send.json').title).toBe('GatewaySendPayload');
  });

  it('receive frames require op/s/t/d and send frames op/d, with the frame shapes of schemas/README.md', () => {
    const problems: string[] = [];
    const seenT = new Map<string, string>();
    for (const frame of framesOf('receive.json')) {
      const props = asObject(frame.schema.properties) ?? {};
      const required = Array.isArray(frame.schema.required) ? frame.schema.required : [];
      for (const key of ['op', 's', 't', 'd']) {
        if (!(key in props)) problems.push(`${frame.file}: no property ${key}`);
        if (!required.includes(key)) problems.push(`${frame.file}: ${key} not required`);
      }
      if (frame.op === undefined) problems.push(`${frame.file}: op is not a constant`);
      if (frame.op === 0) {
        if (asObject(props.s)?.type !== 'integer') problems.push(`${frame.file}: dispatch s must be an integer`);
        if (frame.t === undefined) problems.push(`${frame.file}: dispatch t must be a single-value enum`);
        else {
          if (seenT.has(frame.t)) problems.push(`${frame.file}: t ${frame.t} also in ${seenT.get(frame.t)}`);
          seenT.set(frame.t, frame.file);
          const name = pascal(frame.t.toLowerCase().replace(/_/g, ' '));
          if (frame.title !== `Gateway${name}Dispatch`) problems.push(`${frame.file}: title ${frame.title}, expected Gateway${name}Dispatch`);
          if (asObject(props.d)?.title !== `Gateway${name}DispatchData`) problems.push(`${frame.file}: d is not titled Gateway${name}DispatchData`);
        }
      } else {
        for (const key of ['s', 't']) {
          if (asObject(props[key])?.type !== 'null') problems.push(`${frame.file}: ${key} must be {"type":"null"} outside dispatches`);
        }
      }
    }
    for (const frame of framesOf('send.json')) {
      const props = asObject(frame.schema.properties) ?? {};
      const required = Array.isArray(frame.schema.required) ? frame.schema.required : [];
      for (const key of ['op', 'd']) {
        if (!(key in props)) problems.push(`${frame.file}: no property ${key}`);
        if (!required.includes(key)) problems.push(`${frame.file}: ${key} not required`);
      }
      // s and t may be sent as null (clients that serialise the whole frame do): optional nulls (#11.8)
      for (const key of ['s', 't']) {
        if (!(key in props)) continue;
        if (asObject(props[key])?.type !== 'null' || required.includes(key)) problems.push(`${frame.file}: send frame ${key} must be an optional {"type":"null"}`);
      }
      if (frame.op === undefined || frame.op === 0) problems.push(`${frame.file}: send op must be a non-zero constant`);
    }
    expect(problems).toEqual([]);
  });
});

describe('coverage of the documented gateway events', () => {
  const markdown = docsPresent ? readFileSync(gatewayEventsPath, 'utf8') : '';

  it('every Receive Events row has a frame in receive.json', (ctx) => {
    if (!docsPresent) {
      console.warn(docsMissingReason);
      ctx.skip();
      return;
    }
    const names = linkedNames(tableAfter(markdown, '## Receive Events'));
    const frames = framesOf('receive.json');
    const missing: string[] = [];
    for (const name of names) {
      const op = exampleOpcode(markdown, name);
      if (op !== undefined && op !== 0) {
        const title = `Gateway${pascal(name)}`;
        if (!frames.some((f) => f.op === op && f.title === title)) missing.push(`${name} (op ${op}, ${title})`);
      } else {
        const t = upperSnake(name);
        if (!frames.some((f) => f.op === 0 && f.t === t)) missing.push(`${name} (dispatch ${t})`);
      }
    }
    expect(missing, 'receive events without a frame').toEqual([]);
    // Guards against a parser that silently reads nothing: the table has ~80 rows.
    expect(names.length).toBeGreaterThan(50);
  });

  it('every Send Events row has a frame in send.json with its opcode and name', (ctx) => {
    if (!docsPresent) {
      console.warn(docsMissingReason);
      ctx.skip();
      return;
    }
    const names = linkedNames(tableAfter(markdown, '## Send Events'));
    const frames = framesOf('send.json');
    const missing: string[] = [];
    for (const name of names) {
      const op = exampleOpcode(markdown, name);
      const title = `Gateway${pascal(name)}`;
      if (op === undefined) missing.push(`${name} (no example opcode in the docs to match)`);
      else if (!frames.some((f) => f.op === op && f.title === title)) missing.push(`${name} (op ${op}, ${title})`);
    }
    expect(missing, 'send commands without a frame').toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(8);
  });

  it('every opcode of the Gateway Opcodes table has a frame in the direction(s) it travels', (ctx) => {
    if (!existsSync(opcodesPath)) {
      console.warn(`skipped: ${opcodesPath} is absent`);
      ctx.skip();
      return;
    }
    const rows = tableAfter(readFileSync(opcodesPath, 'utf8'), '###### Gateway Opcodes');
    const receive = framesOf('receive.json');
    const send = framesOf('send.json');
    const missing: string[] = [];
    for (const [code, name, action] of rows) {
      const op = Number(code);
      const directions = (action ?? '').toLowerCase().split('/');
      if (directions.includes('receive') && !receive.some((f) => f.op === op)) missing.push(`${name} (op ${op}) received`);
      if (directions.includes('send') && !send.some((f) => f.op === op)) missing.push(`${name} (op ${op}) sent`);
    }
    expect(missing, 'opcodes without a frame').toEqual([]);
    expect(rows.length).toBeGreaterThan(10);
  });
});
