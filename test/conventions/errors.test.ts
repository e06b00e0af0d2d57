/**
 * Every error gatewire throws is a subclass of GatewireError with its own `code` union: a caller can
 * `instanceof` the concern (CompressionError, CodegenOutputError, …) and switch on a typed code. The
 * base class is never constructed directly in hand-written code, and no subclass leaves `code` as
 * plain `string` (the TypeScript checker reads each class's `code` type, so a union spelt through an
 * alias, a `const` table or a template literal counts the same as one written out).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { createZlibStreamInflater, CompressionError } from '../../src/compression/index.js';
import { ByteOffsetError, GatewireError } from '../../src/errors.js';
import { JsonCodecError, jsonCodec } from '../../src/json/index.js';

const repo = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Throws of something that is not a GatewireError, each with why it is allowed: the callers catch
 * it and throw their own typed error, or it marks a bug in gatewire itself (no input reaches it).
 */
const UNTYPED_THROWS: Record<string, string> = {
  'src/runtime/node-zlib.ts': 'inflateSync: its two callers (transport decompression, ETF tag 80) turn any inflate failure into CompressionError / EtfError',
};

interface ErrorClassReport {
  /** `file: ClassName` of every GatewireError subclass whose `code` is not a union of string literals. */
  readonly looseCodes: string[];
  /** `file:line` of every `throw new X(…)` whose X is not a GatewireError. */
  readonly untypedThrows: string[];
  /** How many GatewireError subclasses were read (so an empty answer above means something). */
  readonly classes: number;
}

function isStringLiteralUnion(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.length > 0 && members.every((m) => m.isStringLiteral());
}

/** Reads the error classes and throws of `files` with the checker; `base` is the file that declares GatewireError. */
export function reportErrorClasses(files: readonly string[], base: string, root: string): ErrorClassReport {
  const program = ts.createProgram([...files], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const baseFile = path.resolve(base);
  const isGatewireError = (type: ts.Type): boolean => {
    const seen = new Set<ts.Type>();
    const walk = (type: ts.Type): boolean => {
      // a generic base (`extends ByteOffsetError<Code>`) is an instantiation: its class is the target
      const t = type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
      if (seen.has(t)) return false;
      seen.add(t);
      const decl = t.getSymbol()?.declarations?.[0];
      if (decl && ts.isClassDeclaration(decl) && decl.name?.text === 'GatewireError' && path.resolve(decl.getSourceFile().fileName) === baseFile) return true;
      return t.isClassOrInterface() && checker.getBaseTypes(t).some(walk);
    };
    return walk(type);
  };
  const looseCodes: string[] = [];
  const untypedThrows: string[] = [];
  let classes = 0;
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`the program did not read ${file}`);
    const rel = path.relative(root, file);
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name && path.resolve(file) !== baseFile) {
        const type = checker.getTypeAtLocation(node.name);
        if (isGatewireError(type)) {
          classes++;
          const code = checker.getPropertyOfType(type, 'code');
          if (!code || !isStringLiteralUnion(checker.getTypeOfSymbolAtLocation(code, node))) looseCodes.push(`${rel}: ${node.name.text}`);
          // A declared union is only as good as what the constructor lets through.
          for (const member of node.members) {
            if (!ts.isConstructorDeclaration(member)) continue;
            for (const param of member.parameters) {
              if (ts.isIdentifier(param.name) && param.name.text === 'code' && !isStringLiteralUnion(checker.getTypeAtLocation(param))) {
                looseCodes.push(`${rel}: ${node.name.text} constructor`);
              }
            }
          }
        }
      }
      if (ts.isThrowStatement(node) && ts.isNewExpression(node.expression)) {
        if (!isGatewireError(checker.getTypeAtLocation(node.expression))) {
          untypedThrows.push(`${rel}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { looseCodes, untypedThrows, classes };
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'gatewire-error-conventions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('error conventions', () => {
  it('no hand-written module constructs the bare GatewireError', () => {
    const bare = ['src', 'codegen']
      .flatMap((d) => sourceFiles(path.join(repo, d)))
      .filter((f) => /new GatewireError\(/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(repo, f));
    expect(bare).toEqual([]);
  });

  it('the check finds a plain-string code and an untyped throw (so an empty answer below means something)', () => {
    const base = path.join(scratch, 'errors.ts');
    const sample = path.join(scratch, 'sample.ts');
    writeFileSync(
      base,
      'export class GatewireError extends Error {\n  readonly code: string;\n  constructor(code: string) {\n    super(code);\n    this.code = code;\n  }\n}\n' +
        'export abstract class Positioned<Code extends string> extends GatewireError {\n  declare readonly code: Code;\n}\n',
    );
    writeFileSync(
      sample,
      [
        "import { GatewireError } from './errors.js';",
        "type Codes = 'A_ONE' | 'A_TWO';",
        'export class Typed extends GatewireError {\n  declare readonly code: Codes;\n}',
        "export class Single extends GatewireError {\n  declare readonly code: 'B_ONE';\n}",
        "const table = { x: 'C_X', y: 'C_Y' } as const;",
        'export class FromTable extends GatewireError {\n  declare readonly code: (typeof table)[keyof typeof table];\n}',
        'export class Loose extends GatewireError {}',
        'export class LooseChild extends Loose {}',
        'export class Widened extends GatewireError {\n  declare readonly code: string;\n}',
        "export class Leaky extends GatewireError {\n  declare readonly code: 'D_ONE';\n  constructor(code: string) {\n    super(code);\n  }\n}",
        'export class NotAnError {\n  readonly code = 1;\n}',
        "export function f(): never {\n  throw new Typed('A_ONE');\n}",
        "export function g(): never {\n  throw new Error('plain');\n}",
        "import { Positioned } from './errors.js';",
        "export class Narrowed extends Positioned<'E_ONE' | 'E_TWO'> {}",
        'export class Unnarrowed extends Positioned<string> {}',
      ].join('\n'),
    );
    const report = reportErrorClasses([base, sample], base, scratch);
    expect(report.classes).toBe(9);
    expect(report.looseCodes).toEqual(['sample.ts: Loose', 'sample.ts: LooseChild', 'sample.ts: Widened', 'sample.ts: Leaky constructor', 'sample.ts: Unnarrowed']);
    expect(report.untypedThrows).toEqual(['sample.ts:31']);
  });

  it('every error class in src/ and codegen/ has a literal-union code, and every throw is a GatewireError (or listed)', () => {
    const files = ['src', 'codegen'].flatMap((d) => sourceFiles(path.join(repo, d)));
    const report = reportErrorClasses(files, path.join(repo, 'src/errors.ts'), repo);
    expect(report.classes).toBeGreaterThan(16);
    expect(report.looseCodes).toEqual([]);
    const unlisted = report.untypedThrows.filter((at) => !(at.replace(/:\d+$/, '') in UNTYPED_THROWS));
    expect(unlisted).toEqual([]);
  }, 60_000);

  it('a bad compression option is a CompressionError with its own code', () => {
    let thrown: unknown;
    try {
      createZlibStreamInflater({ maxMessageBytes: 0 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CompressionError);
    expect(thrown).toBeInstanceOf(GatewireError);
    expect((thrown as CompressionError).code).toBe('COMPRESSION_BAD_OPTION');
  });

  it('CompressionError and JsonCodecError share the offset-carrying base and stay two concerns', () => {
    const compression = new CompressionError('COMPRESSION_TRUNCATED', 'ends early', 12);
    let json: unknown;
    try {
      jsonCodec.decode('{"a":');
    } catch (e) {
      json = e;
    }
    expect(json).toBeInstanceOf(JsonCodecError);
    expect(json).toBeInstanceOf(ByteOffsetError);
    expect(json).not.toBeInstanceOf(CompressionError);
    expect((json as JsonCodecError).code).toBe('JSON_INVALID');
    expect((json as JsonCodecError).name).toBe('JsonCodecError');
    expect(compression).toBeInstanceOf(ByteOffsetError);
    expect(compression).not.toBeInstanceOf(JsonCodecError);
    expect([compression.name, compression.code, compression.offset]).toEqual(['CompressionError', 'COMPRESSION_TRUNCATED', 12]);
    expect(new CompressionError('COMPRESSION_CLOSED', 'closed').offset).toBeUndefined();
  });
});
