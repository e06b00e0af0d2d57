/**
 * The package as a library author meets it (issue 16's table): the packed tarball installed into a
 * scratch project (test/package/scratch.ts), then
 * - minified esbuild bundles of one enum from `gatewire` and of `decode` from `gatewire/etf`;
 * - cold `import()` CPU and retained heap over fresh processes, as a ratio to discord-api-types/v10
 *   measured in the same run (processes interleaved, first round discarded);
 * - `tsc --noEmit` (skipLibCheck off) of a consumer of `gatewire/generated/zod` against the same
 *   consumer using only the types;
 * - what the install brings, the optional peers, the discord-api-types type comparison, browser
 *   bundles of the runtime entries, and the package metadata.
 *
 * `npx tsx bench/package.ts` (or `npm run bench -- package`); `--quick` takes fewer samples.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import ts from 'typescript';
import { packAndInstall, pkg, repoModules } from '../test/package/scratch.js';

const quick = process.argv.includes('--quick');
const IMPORT_ROUNDS = quick ? 6 : 21;
const TSC_ROUNDS = quick ? 1 : 3;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n: number): string => `${(n / 1048576).toFixed(2)} MiB`;

process.stdout.write('packing and installing the tarball into a scratch project…\n');
const scratch = packAndInstall();
const dir = scratch.dir;
const rows: [string, string, string][] = [];

// ---------------------------------------------------------------------------------------------
// Bundles

async function bundle(code: string, platform: 'browser' | 'neutral' | 'node' = 'browser'): Promise<{ bytes: number; gzip: number; text: string; inputs: string[] }> {
  const r = await build({
    absWorkingDir: dir,
    stdin: { contents: code, resolveDir: dir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = r.outputFiles[0]!.text;
  return { bytes: r.outputFiles[0]!.contents.length, gzip: gzipSync(text).length, text, inputs: Object.keys(r.metafile.inputs) };
}

const oneEnum = await bundle(`import { GatewayOpcodes } from 'gatewire'; console.log(GatewayOpcodes.Dispatch);`);
rows.push(['minified bundle importing `GatewayOpcodes` from `gatewire`', `${oneEnum.bytes.toLocaleString('en')} B (gzip ${oneEnum.gzip.toLocaleString('en')} B)`, oneEnum.bytes <= 5 * 1024 ? 'met (≤ 5 KB)' : 'NOT met (≤ 5 KB)']);

const etfDecode = await bundle(`import { decode } from 'gatewire/etf'; console.log(decode(new Uint8Array([131, 97, 1])));`);
// Markers: a validator entry point, zod's own error class, an import of node:zlib (the ETF decoder
// reaches node:zlib at run time, for a compressed term only, through process.getBuiltinModule).
const has = {
  validators: /GatewayDispatchValidators|isAPIUser|b_APIUser/.test(etfDecode.text) || etfDecode.inputs.some((i) => i.includes('validators')),
  zod: etfDecode.inputs.some((i) => i.includes('node_modules/zod')) || /\$ZodError|ZodError/.test(etfDecode.text),
  zlib: /from\s*["'](node:)?zlib["']|import\(["'](node:)?zlib["']\)|require\(["'](node:)?zlib["']\)/.test(etfDecode.text) || etfDecode.inputs.some((i) => /^(node:)?zlib$/.test(i)),
};
rows.push([
  'bundle importing only `decode` from `gatewire/etf`',
  `${etfDecode.bytes.toLocaleString('en')} B (gzip ${etfDecode.gzip.toLocaleString('en')} B); validators: ${has.validators ? 'yes' : 'no'}, zod: ${has.zod ? 'yes' : 'no'}, node:zlib import: ${has.zlib ? 'yes' : 'no'}`,
  !has.validators && !has.zod && !has.zlib ? 'met' : 'NOT met',
]);

// ---------------------------------------------------------------------------------------------
// Cold import

const probe = path.join(dir, 'cold-import.mjs');
writeFileSync(
  probe,
  `const spec = process.argv[2];
globalThis.gc();
const heap0 = process.memoryUsage().heapUsed;
const t0 = process.cpuUsage();
await import(spec);
const t = process.cpuUsage(t0);
globalThis.gc();
process.stdout.write(JSON.stringify({ cpu: (t.user + t.system) / 1000, heap: process.memoryUsage().heapUsed - heap0 }));
`,
);
writeFileSync(path.join(dir, 'empty.mjs'), 'export {};\n');
const importSpecs = ['gatewire', 'discord-api-types/v10', 'gatewire/validate', 'gatewire/etf', './empty.mjs'];
const samples = new Map(importSpecs.map((s) => [s, { cpu: [] as number[], heap: [] as number[] }]));
for (let round = 0; round < IMPORT_ROUNDS; round++) {
  for (const spec of importSpecs) {
    const r = spawnSync(process.execPath, ['--expose-gc', probe, spec], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`import(${spec}) failed: ${r.stderr}`);
    if (round === 0) continue; // warm-up: the file system cache
    const m = JSON.parse(r.stdout) as { cpu: number; heap: number };
    samples.get(spec)!.cpu.push(m.cpu);
    samples.get(spec)!.heap.push(m.heap);
  }
}
const cold = (spec: string) => ({ cpu: median(samples.get(spec)!.cpu), heap: median(samples.get(spec)!.heap) });
const gw = cold('gatewire');
const dat = cold('discord-api-types/v10');
const cpuRatio = gw.cpu / dat.cpu;
rows.push([
  `cold \`import('gatewire')\`, CPU and retained heap, median of ${IMPORT_ROUNDS - 1} fresh processes`,
  `${gw.cpu.toFixed(1)} ms, ${mib(gw.heap)} (discord-api-types/v10: ${dat.cpu.toFixed(1)} ms, ${mib(dat.heap)}): **${cpuRatio.toFixed(2)}×** CPU, ${(gw.heap / dat.heap).toFixed(2)}× heap`,
  cpuRatio <= 0.25 && gw.heap <= 2 * 1048576 ? 'met (≤ 0.25×, ≤ 2 MiB)' : `NOT met (≤ 0.25×, ≤ 2 MiB)`,
]);
for (const spec of ['gatewire/validate', 'gatewire/etf', './empty.mjs']) {
  const c = cold(spec);
  rows.push([`  cold \`import('${spec}')\``, `${c.cpu.toFixed(1)} ms (${(c.cpu / dat.cpu).toFixed(2)}× discord-api-types/v10), ${mib(c.heap)}`, 'context']);
}

// ---------------------------------------------------------------------------------------------
// tsc on a consumer

const TYPES_CONSUMER = `import type { GatewayReceivePayload, GatewayDispatchPayload } from 'gatewire';
export function onPayload(p: GatewayReceivePayload): string {
  if (p.op !== 0) return String(p.op);
  return onDispatch(p);
}
export function onDispatch(p: GatewayDispatchPayload): string {
  switch (p.t) {
    case 'MESSAGE_CREATE':
      return p.d.content + (p.d.member?.nick ?? '') + p.d.author.username + p.d.mentions.length;
    case 'READY':
      return p.d.session_id + p.d.guilds.length + p.d.user.id;
    case 'GUILD_CREATE':
      return 'unavailable' in p.d && p.d.unavailable ? p.d.id : p.d.id + ('name' in p.d ? p.d.name + p.d.channels.length + p.d.members.length : '');
    case 'PRESENCE_UPDATE':
      return p.d.status + (p.d.activities?.length ?? 0);
    case 'TYPING_START':
      return p.d.channel_id + p.d.timestamp;
    default:
      return p.t;
  }
}
`;
const ZOD_CONSUMER = `${TYPES_CONSUMER}
import { z } from 'zod';
import { APIMessageSchema, APIUserSchema, GatewayMessageCreateDispatchSchema, GatewayReceivePayloadSchema } from 'gatewire/generated/zod';
export type User = z.infer<typeof APIUserSchema>;
export const parsed = GatewayMessageCreateDispatchSchema.safeParse({});
export const content: string | undefined = parsed.success ? parsed.data.d.content : undefined;
export const anyFrame = GatewayReceivePayloadSchema.safeParse({});
export const extended = APIUserSchema.extend({ note: z.string() }).pick({ id: true, note: true });
export type Extended = z.infer<typeof extended>;
export const message = APIMessageSchema.safeParse({});
`;

function tsc(name: string, source: string): { cpu: number; memory: number; types: number } {
  const at = path.join(dir, `tsc-${name}`);
  mkdirSync(at, { recursive: true });
  writeFileSync(path.join(at, 'consumer.ts'), source);
  writeFileSync(
    path.join(at, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false, types: [] }, files: ['consumer.ts'] }),
  );
  const tscJs = path.join(repoModules, 'typescript', 'lib', 'tsc.js');
  // CPU of the whole tsc process, measured inside it.
  const wrapper = `const t0 = process.cpuUsage(); process.on('exit', () => { const u = process.cpuUsage(t0); process.stderr.write('\\nCPU ' + (u.user + u.system) / 1000 + '\\n'); }); process.argv = [process.argv[0], ${JSON.stringify(tscJs)}, '-p', ${JSON.stringify(at)}, '--extendedDiagnostics']; require(${JSON.stringify(tscJs)});`;
  const r = spawnSync(process.execPath, ['-e', wrapper], { cwd: at, encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  if (!/^Types:/m.test(out) || /error TS/.test(out)) throw new Error(`tsc ${name} failed:\n${out}`);
  const num = (re: RegExp): number => Number((re.exec(out)?.[1] ?? 'NaN').replace(/[^\d.]/g, ''));
  return { cpu: num(/^CPU ([\d.]+)/m), memory: num(/^Memory used:\s+([\d,]+)K/m) * 1024, types: num(/^Types:\s+([\d,]+)/m) };
}

const tscSamples = { types: [] as ReturnType<typeof tsc>[], zod: [] as ReturnType<typeof tsc>[] };
for (let i = 0; i < TSC_ROUNDS; i++) {
  tscSamples.types.push(tsc('types', TYPES_CONSUMER));
  tscSamples.zod.push(tsc('zod', ZOD_CONSUMER));
}
const tTypes = median(tscSamples.types.map((s) => s.cpu));
const tZod = median(tscSamples.zod.map((s) => s.cpu));
const tscRatio = tZod / tTypes;
const memOf = (xs: ReturnType<typeof tsc>[]): number => median(xs.map((s) => s.memory));
const zodDts = statSync(path.join(dir, 'node_modules', 'gatewire', 'dist', 'generated', 'zod.d.ts')).size;
rows.push([
  '`tsc --noEmit`, skipLibCheck off, consumer of `gatewire/generated/zod` vs the same consumer with only the types',
  `${(tZod / 1000).toFixed(2)} s, ${mib(memOf(tscSamples.zod))}, ${tscSamples.zod[0]!.types.toLocaleString('en')} types vs ${(tTypes / 1000).toFixed(2)} s, ${mib(memOf(tscSamples.types))}, ${tscSamples.types[0]!.types.toLocaleString('en')} types: **${tscRatio.toFixed(2)}×** (zod.d.ts ${kib(zodDts)})`,
  tscRatio <= 2 ? 'met (≤ 2×)' : 'NOT met (≤ 2×)',
]);

// ---------------------------------------------------------------------------------------------
// What the install brings

function duBytes(p: string): number {
  const real = realpathSync(p);
  const st = statSync(real);
  if (!st.isDirectory()) return st.size;
  let n = 0;
  for (const e of readdirSync(real)) n += duBytes(path.join(real, e));
  return n;
}
const required = Object.keys(pkg.dependencies ?? {});
const installedOwn = duBytes(path.join(dir, 'node_modules', 'gatewire'));
const installedDeps = required.reduce((n, d) => n + duBytes(path.join(dir, 'node_modules', d)), 0);
const optionalPeers = Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([k]) => k);
rows.push([
  'what `npm install gatewire` brings (files on disk)',
  `${mib(installedOwn + installedDeps)}: gatewire ${mib(installedOwn)} + ${required.join(', ')} ${kib(installedDeps)}; prettier: ${existsSync(path.join(dir, 'node_modules', 'prettier')) ? 'installed' : 'not installed'}; optional peers: ${optionalPeers.join(', ')}`,
  required.includes('prettier') || required.includes('zod') ? 'NOT met' : 'met',
]);

// ---------------------------------------------------------------------------------------------
// discord-api-types

function compareWithDiscordApiTypes(): { byValue: number; asDeclared: number; reverse: number; total: number } {
  const at = path.join(dir, 'dat-compare');
  mkdirSync(at, { recursive: true });
  const file = path.join(at, 'compare.ts');
  writeFileSync(
    file,
    `import type { GatewayDispatchEventMap, GatewayDispatchPayloadOf } from 'gatewire';
import type { DiscordApiTypesDispatchOf, DiscordApiTypesValues } from 'gatewire/discord-api-types';
type Ev = keyof GatewayDispatchEventMap;
type A<X, Y> = [X] extends [Y] ? 1 : 0;
export type ByValue = { [K in Ev]: A<GatewayDispatchPayloadOf<K>, DiscordApiTypesValues<DiscordApiTypesDispatchOf<K>>> };
export type AsDeclared = { [K in Ev]: A<GatewayDispatchPayloadOf<K>, DiscordApiTypesDispatchOf<K>> };
export type Reverse = { [K in Ev]: A<DiscordApiTypesValues<DiscordApiTypesDispatchOf<K>>, GatewayDispatchPayloadOf<K>> };
`,
  );
  const program = ts.createProgram([file], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (problems.length > 0) throw new Error(`the discord-api-types comparison does not compile:\n${problems.join('\n')}`);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const count = (alias: string): { yes: number; total: number } => {
    let node: ts.TypeAliasDeclaration | undefined;
    ts.forEachChild(source, (n) => {
      if (ts.isTypeAliasDeclaration(n) && n.name.text === alias) node = n;
    });
    const props = checker.getPropertiesOfType(checker.getTypeAtLocation(node!.name));
    return { yes: props.filter((p) => checker.typeToString(checker.getTypeOfSymbol(p)) === '1').length, total: props.length };
  };
  const byValue = count('ByValue');
  return { byValue: byValue.yes, asDeclared: count('AsDeclared').yes, reverse: count('Reverse').yes, total: byValue.total };
}
const cmp = compareWithDiscordApiTypes();
const bridged = (await import('../src/discord-api-types/events.js')).DiscordApiTypesBridgedEvents.length;
rows.push([
  "payload types assignable to discord-api-types' for the same event",
  `${cmp.byValue}/${cmp.total} with enum members compared by value (${cmp.asDeclared}/${cmp.total} as declared, enums nominal); the reverse ${cmp.reverse}/${cmp.total}; \`gatewire/discord-api-types\` bridges ${bridged}`,
  bridged === cmp.byValue ? 'met (bridge covers every event that holds; README lists the rest)' : `NOT met (bridge lists ${bridged}, ${cmp.byValue} hold)`,
]);

const typesWs = pkg.peerDependencies?.['@types/ws'];
rows.push(['`@types/ws` for `gatewire/session/ws`', typesWs ? `optional peer ${typesWs}` : 'undeclared', typesWs && pkg.peerDependenciesMeta?.['@types/ws']?.optional ? 'met' : 'NOT met']);

// ---------------------------------------------------------------------------------------------
// Browser bundles

const browser: string[] = [];
let browserOk = true;
for (const spec of ['gatewire/etf', 'gatewire/json', 'gatewire/intents', 'gatewire/protocol', 'gatewire/session', 'gatewire/compression']) {
  try {
    const b = await bundle(`export * from '${spec}';`, 'browser');
    const zlib = b.inputs.some((i) => i.startsWith('node:'));
    if (zlib) browserOk = false;
    browser.push(`${spec.replace('gatewire/', '')} ${kib(b.bytes)}`);
  } catch (e) {
    browserOk = false;
    browser.push(`${spec.replace('gatewire/', '')} FAILS (${(e as Error).message.split('\n')[0]})`);
  }
}
rows.push(['esbuild `--platform=browser` (minified)', browser.join(', '), browserOk ? 'met (zlib-stream and ETF tag 80 report a typed error without node:zlib)' : 'NOT met']);

const files = spawnSync('tar', ['tzf', scratch.tarball], { encoding: 'utf8' }).stdout;
const present = ['LICENSE', 'CHANGELOG.md'].filter((f) => files.includes(`package/${f}\n`));
rows.push(['LICENSE file, `repository`, CHANGELOG.md', `${present.join(', ')}${pkg.repository ? ', repository' : ''}`, present.length === 2 && pkg.repository ? 'met' : 'NOT met']);

// ---------------------------------------------------------------------------------------------

process.stdout.write(`\nnode ${process.version}, tarball ${kib(scratch.packedBytes)} (unpacked ${mib(scratch.unpackedBytes)})\n\n`);
process.stdout.write('| measured | now | goal |\n|---|---|---|\n');
for (const [what, value, goal] of rows) process.stdout.write(`| ${what} | ${value} | ${goal} |\n`);
rmSync(path.dirname(dir), { recursive: true, force: true });

