/**
 * A fingerprint of the generated schema set this build carries, put in every dispatch envelope so
 * a consumer built from other schemas notices. It hashes the generated runtime data — every enum,
 * the event and frame tables, the ETF shape table — in a canonical form (keys sorted), so two
 * builds from the same schemas agree however they were bundled, and a schema change that alters
 * an event, an enum member or a string-typed field changes it.
 */
import { createHash } from 'node:crypto';
// Namespaces of re-exporting modules, not of generated/enums.ts and events.ts: see schema-enums.ts.
import * as enums from './schema-enums.js';
import * as events from './schema-events.js';
import { etfShapes } from '../../generated/shapes.js';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function dataOf(module: Record<string, unknown>): Record<string, unknown> {
  // Functions (helpers exported next to the tables) are code, not schema data.
  return Object.fromEntries(Object.entries(module).filter(([, v]) => typeof v !== 'function'));
}

let cached: string | null = null;

/** 16 hex digits of SHA-256 over the generated tables; computed once. */
export function schemaSetHash(): string {
  cached ??= createHash('sha256')
    .update(JSON.stringify(canonical({ enums: dataOf(enums), events: dataOf(events), shapes: etfShapes })))
    .digest('hex')
    .slice(0, 16);
  return cached;
}
