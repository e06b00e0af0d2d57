/**
 * Assembles generated/validators.ts: the check-support helpers (from src/validate/check-support.ts,
 * so generated/ imports nothing from src/), the check functions,
 * the root and frame tables, and the shape description as one JSON string (parsed by the runtime on
 * first use, so importing the module costs no parse of it). Each declaration's check function is
 * its exported type guard (`isAPIMessage`).
 */
import { DIGITS } from '../../../src/validate/check-support.js';
import type { IR, IRType } from '../../ir.js';
import { header as fileHeader } from '../common.js';
import { CheckEmitter } from './check.js';
import { DescriptionBuilder } from './description.js';
import { js } from './literals.js';
import { TypeFacts } from './type-facts.js';

/**
 * The helpers the check functions call, as top-level code of the generated module, written from
 * the values src/validate/check-support.ts holds (generated/ imports nothing from src/).
 */
function checkSupportText(): string {
  return [
    `/** One or more ASCII digits: snowflakes and bigint bitfields (src/validate/check-support.ts). */`,
    `const DIGITS = ${String(DIGITS)};`,
    '/** Where the last failed check of an object declaration failed: the tag of the property (src/validate/description.ts), or -1. */',
    'export let failedAt = -1;',
    'function fail(at: number): false {',
    '  failedAt = at;',
    '  return false;',
    '}',
    '',
  ].join('\n');
}

function unionOf(names: readonly string[]): IRType {
  return names.length === 0 ? { kind: 'never' } : { kind: 'union', members: names.map((name) => ({ kind: 'ref', name })) };
}

export function validatorsModule(ir: IR): string {
  const facts = new TypeFacts(ir);
  const check = new CheckEmitter(facts);
  const decls = ir.declarations;
  const rootIndex = new Map(decls.map((d, i) => [d.name, i]));
  const description = new DescriptionBuilder(facts, check, (name) => rootIndex.get(name)!);

  const functions = decls.map((d) => check.declaration(d));
  const rootChecks = decls.map((d) => `is${d.name}`);
  for (const d of decls) description.addDeclaration(d);

  /** A root for a type that is not a declaration (a frame union): its check function and its node. */
  const addRoot = (t: IRType, owner: string): number => {
    if (t.kind === 'ref') return rootIndex.get(t.name)!;
    rootChecks.push(check.functionFor(t, owner));
    description.addType(t);
    return rootChecks.length - 1;
  };

  const frames = ir.frames.filter((f) => rootIndex.has(f.name));
  const dispatch = frames.filter((f) => f.direction === 'receive' && f.t !== null).map((f) => `  [${js(f.t)}, ${rootIndex.get(f.name)!}],`);
  const opTable = (name: string, direction: 'receive' | 'send', doc: string): string[] => {
    const byOp = new Map<number, string[]>();
    for (const f of frames) if (f.direction === direction && (direction === 'send' || f.t === null)) byOp.set(f.op, [...(byOp.get(f.op) ?? []), f.name]);
    const rows = [...byOp].sort((a, b) => a[0] - b[0]).map(([op, names]) => `  [${op}, ${addRoot(unionOf(names), `${name}_${op}`)}],`);
    return [`/** ${doc} */`, `export const ${name}: ReadonlyMap<number, number> = new Map<number, number>([`, ...rows, ']);'];
  };
  const receiveOps = opTable('receiveOpRoots', 'receive', 'Non-dispatch receive opcode → root of the frame (a union when several frames share the opcode).');
  const sendOps = opTable('sendOpRoots', 'send', 'Send opcode → root of the frame.');
  const frameRoot = (direction: 'receive' | 'send', owner: string): number => addRoot(unionOf(frames.filter((f) => f.direction === direction).map((f) => f.name)), owner);
  const receiveFrame = frameRoot('receive', 'ReceiveFrame');
  const sendFrame = frameRoot('send', 'SendFrame');

  return [
    fileHeader(ir, 'Compiled validators: a tolerant check function per declaration, and the shape description issue reports, strip and strict mode walk (src/validate/).') +
      '/* eslint-disable */',
    "import type * as T from './index.js';",
    '',
    checkSupportText(),
    ...check.hoisted,
    '// One check function per declaration, exported as its type guard: true when the value is valid',
    '// (unknown keys allowed); never throws for plain data.',
    ...functions,
    '/** The tolerant check of every root: each declaration (in `declarationRoots` order), then the frame unions. */',
    `export const rootChecks: readonly ((x: any) => boolean)[] = [${rootChecks.join(', ')}];`,
    '',
    '/** Declaration name → root index. */',
    `export const declarationRoots = {`,
    ...decls.map((d, i) => `  ${d.name}: ${i},`),
    '} as const;',
    '',
    '/** Dispatch event name → root of the whole frame. */',
    'export const dispatchRoots: ReadonlyMap<string, number> = new Map<string, number>([',
    ...dispatch,
    ']);',
    ...receiveOps,
    ...sendOps,
    '/** Every receive frame, dispatched on `op` then `t`. */',
    `export const receiveFrameRoot = ${receiveFrame};`,
    '/** Every send frame, dispatched on `op`. */',
    `export const sendFrameRoot = ${sendFrame};`,
    '',
    '/** The shape description (src/validate/description.ts), parsed on first use. */',
    `export const validatorTable = ${js(JSON.stringify(description.table()))};`,
    '',
  ].join('\n');
}
