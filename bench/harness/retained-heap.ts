// Child process of bench/codecs.ts's retained-heap row: `node --expose-gc --import tsx
// retained-heap.ts MODE FILE` decodes FILE (JSON or ETF bytes) COPIES times, keeps every copy,
// and prints the heap retained per copy in bytes (after full GCs), so that each decoder's output
// is measured alone in a fresh heap.
import { readFileSync } from 'node:fs';
import { decode as etfDecode } from '../../src/etf/index.js';

const [mode, file] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const bytes = readFileSync(file!);
const COPIES = 4;
const decoder = new TextDecoder();
const decode =
  mode === 'json' ? () => JSON.parse(decoder.decode(bytes)) : mode === 'etf' ? () => etfDecode(bytes) : mode === 'etf-normalize' ? () => etfDecode(bytes, { normalize: true }) : undefined;
if (!decode) throw new Error(`mode ${mode}`);
decode(); // warm the decoder's own caches and code before the baseline
gc();
gc();
const before = process.memoryUsage().heapUsed;
const kept: unknown[] = [];
for (let i = 0; i < COPIES; i++) kept.push(decode());
gc();
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(String((after - before) / COPIES));
if (kept.length !== COPIES) throw new Error('unreachable');
