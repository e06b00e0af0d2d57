/**
 * `gatewire diff --git` on the project's own history: commit 76fe423 added the optional `flags`
 * field to GUILD_MEMBER_UPDATE's data, and nothing else in schemas/. The report between its parent
 * and it must name exactly that change.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runDiffCommand } from '../../codegen/diff/cli.js';
import { folderAtRevision, type RevisionFolder } from '../../codegen/diff/git.js';
import { diffSchemas, type DiffReport } from '../../codegen/diff/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const schemas = path.join(repoRoot, 'schemas');
const COMMIT = '76fe423';

function hasCommit(): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `${COMMIT}~1^{commit}`], { cwd: repoRoot, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = hasCommit();
if (!available) console.warn(`test/diff/history: skipped, the checkout has no commit ${COMMIT} and its parent (a shallow clone, or git is missing)`);

describe.skipIf(!available)(`gatewire diff on the project's history (${COMMIT})`, () => {
  const folders: RevisionFolder[] = [];
  afterAll(async () => {
    for (const f of folders) await f.dispose();
  });

  it(`names exactly the optional flags field ${COMMIT} added to GUILD_MEMBER_UPDATE`, async () => {
    const before = await folderAtRevision(schemas, `${COMMIT}~1`);
    const after = await folderAtRevision(schemas, COMMIT);
    folders.push(before, after);
    expect(before.label).toBe(`schemas@${COMMIT}~1`);
    const report = await diffSchemas(before.dir, after.dir, { oldLabel: before.label, newLabel: after.label });
    expect(report.changes).toHaveLength(1);
    const c = report.changes[0]!;
    expect(c).toMatchObject({
      kind: 'field-added',
      subject: { kind: 'declaration', old: 'GatewayGuildMemberUpdateDispatchData', new: 'GatewayGuildMemberUpdateDispatchData' },
      path: '/flags',
      detail: { field: 'flags', required: false, type: 'GuildMemberFlags' },
      events: ['GUILD_MEMBER_UPDATE'],
      old: { file: 'events/guild-member-update.json', pointer: '/properties/d' },
      new: { file: 'events/guild-member-update.json', pointer: '/properties/d/properties/flags' },
      readers: { level: 'additive' },
      writers: { level: 'none' },
    });
    // Tolerant validation now checks a key it let through; strict validation now accepts it.
    expect(c.validation.nowRejected.map((e) => e.mode)).toContain('tolerant');
    expect(c.validation.nowAccepted.find((e) => e.mode === 'strict')?.payload).toMatchObject({ flags: 0, guild_id: expect.any(String) });
    expect(report.bump.level).toBe('minor');
    expect(report.bump.rule).toMatch(/^R2/);
  });

  it('a folder that did not exist at the revision is a typed error naming folder and revision', async () => {
    const here = path.join(repoRoot, 'test', 'diff');
    await expect(folderAtRevision(here, COMMIT)).rejects.toMatchObject({ code: 'DIFF_NO_SCHEMAS_AT_REVISION', path: `${here}@${COMMIT}` });
  });

  it('`gatewire diff --git` from the command line: the report for the parent differs from the one for the commit by that change', async () => {
    const run = async (rev: string): Promise<DiffReport> => {
      let out = '';
      let err = '';
      const code = await runDiffCommand(['--git', rev, schemas, '--format', 'json'], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
      expect(err).toBe('');
      expect(code).toBe(0);
      return JSON.parse(out) as DiffReport;
    };
    const key = (c: DiffReport['changes'][number]) => `${c.kind} ${JSON.stringify(c.subject)} ${c.path}`;
    const parent = await run(`${COMMIT}~1`);
    const commit = await run(COMMIT);
    expect(parent.old.label).toBe(`schemas@${COMMIT}~1`);
    const since = new Set(commit.changes.map(key));
    const extra = parent.changes.filter((c) => !since.has(key(c)));
    expect(extra.map((c) => `${c.kind} ${c.path}`)).toEqual(['field-added /flags']);
    expect(extra[0]!.subject).toMatchObject({ new: 'GatewayGuildMemberUpdateDispatchData' });
  });
});
