/** Regressions for the hostile-input audit (issue #15) in validation: item 5. */
import { describe, expect, it } from 'vitest';
import { safeParseReceive } from '../../src/validate/index.js';
import { MAX_ISSUES } from '../../src/validate/issues.js';
import { runChild } from '../fuzz/child.js';

const unavailable = (value: unknown) => ({ op: 0, t: 'GUILD_CREATE', s: 1, d: { id: '1', unavailable: value } });

describe('#15.5 strict validation never walks a string as an object', () => {
  it('GUILD_CREATE with a string `unavailable` reports the value, not one unrecognized key per character', () => {
    for (const mode of ['strict', 'tolerant', 'strip'] as const) {
      const r = safeParseReceive(unavailable('abc'), { mode });
      expect(r.kind).toBe('invalid');
      if (r.kind !== 'invalid') continue;
      expect(r.issues.some((i) => i.code === 'unrecognized_key')).toBe(false);
      expect(r.issues.some((i) => /^\/d\/unavailable\/\d+$/.test(i.path))).toBe(false);
    }
    // the unavailable-guild stub is still accepted in strict mode, and an unknown key on it is reported
    expect(safeParseReceive(unavailable(true), { mode: 'strict' }).kind).toBe('payload');
    const extra = safeParseReceive({ op: 0, t: 'GUILD_CREATE', s: 1, d: { id: '1', unavailable: true, zzz: 1 } }, { mode: 'strict' });
    expect(extra.kind).toBe('invalid');
  });

  it('a 4 M-character string in strict mode costs neither memory nor time (128 MB heap)', () => {
    const r = runChild(
      `import { safeParseReceive } from '$REPO/src/validate/index.js';
       const t0 = performance.now();
       const r = safeParseReceive({ op: 0, t: 'GUILD_CREATE', s: 1, d: { id: '1', unavailable: 'x'.repeat(4e6) } }, { mode: 'strict' });
       console.log(JSON.stringify({ kind: r.kind, issues: r.kind === 'invalid' ? r.issues.length : 0, ms: performance.now() - t0 }));`,
      { heapMb: 128 },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = r.report as { kind: string; issues: number; ms: number };
    expect(report.kind).toBe('invalid');
    expect(report.issues).toBeLessThan(10);
    expect(report.ms).toBeLessThan(5000);
  });

  it('caps the issues of one payload', () => {
    const members = Array.from({ length: 10_000 }, () => ({ user: 5 }));
    const r = safeParseReceive({ op: 0, t: 'GUILD_MEMBERS_CHUNK', s: 1, d: { guild_id: '1', members, chunk_index: 0, chunk_count: 1 } }, { mode: 'strict' });
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') {
      expect(r.issues.length).toBeGreaterThan(1);
      expect(r.issues.length).toBeLessThanOrEqual(MAX_ISSUES);
      expect(r.issues[0]!.path).toMatch(/^\/d\/members\/0\//);
    }
    const keys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const many = safeParseReceive({ op: 11, s: null, t: null, d: null, ...keys }, { mode: 'strict' });
    expect(many.kind === 'invalid' && many.issues.length).toBe(MAX_ISSUES);
  });
});
