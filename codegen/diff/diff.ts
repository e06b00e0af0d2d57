/**
 * `diffIR` compares two IRs and returns the classified report; `diffSchemas` builds both IRs through
 * the same pipeline as `codegen` (tolerant, versioned patches) and adds schema-file locations.
 */
import path from 'node:path';
import type { IR, IRType } from '../ir.js';
import { buildIR } from '../pipeline.js';
import { suggestBump } from './bump.js';
import { classify } from './classify.js';
import { pathText, SchemaComparer, type RawChange } from './compare.js';
import { findExamples, minimal } from './example.js';
import { readRawSchemaFiles, SourceLocator, type RawSchemaFiles } from './locate.js';
import type { ChangeKind, DiffChange, DiffReport, DiffSide, ValidationImpact } from './model.js';
import { DiffSideIndex } from './side.js';
import { GatewireError } from '../../src/errors.js';
import { DiffInputError } from './errors.js';


export interface DiffOptions {
  /** The schema files of each side as on disk (see `readRawSchemaFiles`), to name the JSON pointer of each change inside them. */
  readonly oldFiles?: RawSchemaFiles;
  readonly newFiles?: RawSchemaFiles;
  /** Search for example payloads (default true). */
  readonly examples?: boolean;
}

/** Kinds whose validation effect is known without a search: they change names or tables, not what is valid. */
const NO_VALIDATION_EFFECT = new Set<ChangeKind>([
  'declaration-added',
  'declaration-removed',
  'declaration-renamed',
  'member-renamed',
  'intent-events-changed',
  'close-code-action-changed',
  'table-changed',
]);

const NO_EFFECT: ValidationImpact = { effect: 'none', nowRejected: [], nowAccepted: [] };

function sideOf(ir: IR): DiffSide {
  return { label: ir.source.root, files: ir.source.files.length, declarations: ir.declarations.length, events: ir.frames.length, patches: ir.source.patches };
}

function subjectLabel(c: RawChange): string {
  return c.subject.kind === 'event' ? `event ${c.subject.event}` : `${c.subject.new ?? c.subject.old}`;
}

export function diffIR(oldIR: IR, newIR: IR, options: DiffOptions = {}): DiffReport {
  const a = new DiffSideIndex(oldIR);
  const b = new DiffSideIndex(newIR);
  const raw = new SchemaComparer(a, b).run();
  const oldLocator = new SourceLocator(options.oldFiles ?? null);
  const newLocator = new SourceLocator(options.newFiles ?? null);
  const frameUnion = (side: DiffSideIndex, direction: 'receive' | 'send'): IRType => ({
    kind: 'union',
    members: side.ir.frames.filter((f) => f.direction === direction).map((f) => ({ kind: 'ref', name: f.name })),
  });

  const sorted = [...raw].sort((x, y) => {
    const kx = `${subjectLabel(x)}\u0000${pathText(x.steps)}\u0000${x.summary}`;
    const ky = `${subjectLabel(y)}\u0000${pathText(y.steps)}\u0000${y.summary}`;
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  });

  const changes: DiffChange[] = sorted.map((c) => {
    const oldDecl = c.oldRoot !== null ? a.decls.get(c.oldRoot) : undefined;
    const newDecl = c.newRoot !== null ? b.decls.get(c.newRoot) : undefined;
    const subject = c.subject;
    let events: string[];
    let directions: Set<'receive' | 'send'>;
    if (subject.kind === 'event') {
      events = [subject.event];
      directions = new Set([subject.direction]);
    } else {
      events = [...new Set([...a.eventsReaching(subject.old), ...b.eventsReaching(subject.new)])].sort();
      directions = new Set([...a.directionsReaching(subject.old), ...b.directionsReaching(subject.new)]);
    }
    const { readers, writers } = classify(c, directions);
    let validation = NO_EFFECT;
    if (options.examples !== false && !NO_VALIDATION_EFFECT.has(c.kind)) {
      if (c.kind === 'event-added' || c.kind === 'event-removed') {
        const side = c.kind === 'event-added' ? b : a;
        const frame = (c.kind === 'event-added' ? newDecl : oldDecl)!;
        const direction = subject.kind === 'event' ? subject.direction : 'receive';
        const payload = minimal(side, { kind: 'ref', name: frame.name }, [], c.kind === 'event-added' ? 'new' : 'old');
        validation = findExamples(a, b, { ...c, probes: [payload] }, { old: frameUnion(a, direction), new: frameUnion(b, direction) }, []);
      } else {
        validation = findExamples(a, b, c, { old: oldDecl ? { kind: 'ref', name: oldDecl.name } : null, new: newDecl ? { kind: 'ref', name: newDecl.name } : null });
      }
    }
    return {
      kind: c.kind,
      subject,
      path: pathText(c.steps),
      old: oldDecl ? oldLocator.locate(oldDecl, c.kind === 'declaration-added' ? [] : c.steps, 'old') : null,
      new: newDecl ? newLocator.locate(newDecl, c.kind === 'declaration-removed' ? [] : c.steps, 'new') : null,
      summary: c.summary,
      detail: c.detail,
      events,
      readers,
      writers,
      validation,
    };
  });
  const located = changes;
  const byKind: Partial<Record<ChangeKind, number>> = {};
  for (const c of located) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  return {
    old: sideOf(oldIR),
    new: sideOf(newIR),
    changes: located,
    bump: suggestBump(located),
    counts: {
      total: located.length,
      byKind,
      breakingForReaders: located.filter((c) => c.readers.level === 'breaking').length,
      breakingForWriters: located.filter((c) => c.writers.level === 'breaking').length,
    },
  };
}

export interface DiffSchemasOptions extends DiffOptions {
  /** Display names of the two sides (default: the folders relative to the working directory). */
  readonly oldLabel?: string;
  readonly newLabel?: string;
  /** Apply the versioned upstream patch lists (default true), as `codegen` does. */
  readonly patches?: boolean;
}

function labelOf(dir: string): string {
  return path.relative(process.cwd(), dir).split(path.sep).join('/') || '.';
}

/**
 * Diffs two schema folders. Bad input throws `DiffInputError`: which side, the folder, and the
 * pipeline's own error as `cause` (`CodegenError` / `CodegenErrors`, each naming file and pointer).
 */
export async function diffSchemas(oldDir: string, newDir: string, options: DiffSchemasOptions = {}): Promise<DiffReport> {
  const patches = options.patches !== false;
  const read = async (dir: string, label: string, side: 'old' | 'new', files: RawSchemaFiles | undefined): Promise<[IR, RawSchemaFiles]> => {
    try {
      const ir = await buildIR(dir, { label, patches });
      return [ir, files ?? (await readRawSchemaFiles(dir, ir.source.files))];
    } catch (cause) {
      if (cause instanceof GatewireError) throw new DiffInputError(side, label, cause);
      throw cause;
    }
  };
  const [[oldIR, oldFiles], [newIR, newFiles]] = await Promise.all([
    read(oldDir, options.oldLabel ?? labelOf(oldDir), 'old', options.oldFiles),
    read(newDir, options.newLabel ?? labelOf(newDir), 'new', options.newFiles),
  ]);
  return diffIR(oldIR, newIR, { ...options, oldFiles, newFiles });
}
