/**
 * Every opcode direction, every close code and the voice tables of gateway-protocol.md §2 against the
 * generated tables and the helpers; the shard and send-budget vectors of §2.5 and §2.7.
 */
import { describe, expect, it } from 'vitest';
import {
  GatewayCloseCodesTable,
  GatewayOpcodesTable,
  VoiceCloseCodesTable,
  VoiceOpcodesTable,
} from '../../generated/enums.js';
import {
  ClientCloseCodes,
  closeCodeAction,
  commandBudget,
  opcodeDirection,
  opcodeForCommand,
  shardForGuild,
} from '../../src/protocol/index.js';
import { plain, research, section, skipReason, tableWith } from './research.js';

function direction(cell: string): 'send' | 'receive' | 'both' | null {
  const text = plain(cell).toLowerCase();
  const send = /send|client/.test(text);
  const receive = /receive|server/.test(text);
  if (send && receive) return 'both';
  if (send) return 'send';
  if (receive) return 'receive';
  return null;
}

function action(cell: string): 'resume' | 'identify' | 'fatal' {
  const text = plain(cell).toLowerCase();
  if (text.includes('fatal')) return 'fatal';
  if (text.includes('identify')) return 'identify';
  if (text.includes('resume')) return 'resume';
  throw new Error(`no action in ${cell}`);
}

if (research === null) {
  describe('protocol tables against gateway-protocol.md §2', () => {
    it('skips: the research file is absent', () => {
      console.warn(skipReason());
      expect(research).toBeNull();
    });
  });
} else {
  const doc = research;

  describe('§2.1 gateway opcodes: every direction', () => {
    const text = section(doc, '2.1');
    const table = tableWith(text, 'Op', 'Name', 'Direction (client)');
    const defined = table.rows.filter((row) => direction(row[2]!) !== null);

    it('defines the same opcodes as the generated table (op 5 unused)', () => {
      expect(defined.map((row) => Number(row[0])).sort((a, b) => a - b)).toEqual(
        GatewayOpcodesTable.map((row) => row.value),
      );
      expect(opcodeDirection(5)).toBeUndefined();
    });
    for (const [op, name, dir] of defined) {
      it(`op ${op} ${name}: ${direction(dir!)}`, () => {
        const row = GatewayOpcodesTable.find((r) => r.value === Number(op));
        expect(row?.name).toBe(plain(name!).replace(/ /g, '').replace('ACK', 'Ack'));
        expect(row?.direction).toBe(direction(dir!));
        expect(opcodeDirection(Number(op))).toBe(direction(dir!));
      });
    }
    it('send command names map to the opcodes listed under the table', () => {
      const pairs = [...text.matchAll(/`([A-Z_]+)→(\d+)`/g)].map((m) => [m[1]!, Number(m[2])] as const);
      expect(pairs.length).toBe(8);
      for (const [command, op] of pairs) expect(opcodeForCommand(command), command).toBe(op);
      const commands = GatewayOpcodesTable.flatMap((row) => (row.command === null ? [] : [row.command]));
      expect(commands.sort()).toEqual(pairs.map(([command]) => command).sort());
    });
  });

  describe('§2.2 gateway close codes: every code', () => {
    const text = section(doc, '2.2');
    const table = tableWith(text, 'Code', 'Meaning (docs)', 'Docs Reconnect', 'Session', '**Recommended action**');
    const numeric = table.rows.filter((row) => /^\d+$/.test(row[0]!));

    it('lists the same codes as the generated table', () => {
      expect(numeric.map((row) => Number(row[0]))).toEqual(GatewayCloseCodesTable.map((row) => row.value));
    });
    for (const [code, meaning, reconnect, , recommended] of numeric) {
      it(`${code} ${plain(meaning!).split(/[.(]/)[0]}: ${action(recommended!)}`, () => {
        const row = GatewayCloseCodesTable.find((r) => r.value === Number(code))!;
        expect(row.reconnect).toBe(plain(reconnect!) === 'true');
        expect(row.action).toBe(action(recommended!));
        const decision = closeCodeAction(Number(code));
        expect(decision.action).toBe(action(recommended!));
        expect(decision.name).toBe(row.name);
      });
    }
    it('no close code, 1006, TCP drop: resume', () => {
      const row = table.rows.find((r) => r[0]!.startsWith('no close code'))!;
      expect(action(row[4]!)).toBe('resume');
      expect(closeCodeAction(1006).action).toBe('resume');
      expect(closeCodeAction(null).action).toBe('resume');
      expect(closeCodeAction(undefined).action).toBe('resume');
    });
    it('1000/1001 sent by the client: session invalidated → identify', () => {
      const row = table.rows.find((r) => r[0]!.startsWith('1000/1001'))!;
      expect(plain(row[3]!)).toMatch(/invalidated/);
      for (const code of [1000, 1001]) expect(closeCodeAction(code, { initiator: 'client' }).action).toBe('identify');
    });
    it('any other code sent by the client: session kept → resume', () => {
      const row = table.rows.find((r) => r[0]!.startsWith('any other code'))!;
      expect(plain(row[3]!)).toBe('kept');
      for (const code of [ClientCloseCodes.Resumable, 3999, 4000, 4200, 4009]) {
        expect(closeCodeAction(code, { initiator: 'client' }).action, String(code)).toBe('resume');
      }
    });
    it('unknown future 4xxx: resume', () => {
      expect(text).toMatch(/Unknown future 4xxx codes: treat them as reconnect \+ resume/);
      expect(closeCodeAction(4015).action).toBe('resume');
      expect(closeCodeAction(4999).action).toBe('resume');
    });
  });

  describe('§2.4 voice opcodes and close codes', () => {
    const text = section(doc, '2.4');
    const ops = tableWith(text, 'Op', 'Name', 'Sent by', 'Binary');
    it('same opcodes as the generated table', () => {
      expect(ops.rows.map((row) => Number(row[0]))).toEqual(VoiceOpcodesTable.map((row) => row.value));
    });
    for (const [op, name, sentBy, binary] of ops.rows) {
      it(`voice op ${op} ${name}: ${direction(sentBy!)}${plain(binary!) === 'X' ? ', binary' : ''}`, () => {
        const row = VoiceOpcodesTable.find((r) => r.value === Number(op))!;
        expect(row.direction).toBe(direction(sentBy!));
        expect(row.binary).toBe(plain(binary!) === 'X');
      });
    }
    const codes = tableWith(text, 'Code', 'Description', 'Recommended action');
    it('same close codes as the generated table', () => {
      expect(codes.rows.map((row) => Number(row[0]))).toEqual(VoiceCloseCodesTable.map((row) => row.value));
    });
    for (const [code, , recommended] of codes.rows) {
      const said = plain(recommended!);
      it(`voice close ${code}: ${said}`, () => {
        const row = VoiceCloseCodesTable.find((r) => r.value === Number(code))!;
        if (/do not reconnect/.test(said)) {
          expect(row.reconnect).toBe(false);
          expect(row.action).toBe('fatal');
        } else {
          expect(row.reconnect).toBe(true);
        }
        if (/^resume/.test(said)) expect(row.action).toBe('resume');
        if (/new connection/.test(said)) expect(row.action).toBe('identify');
      });
    }
  });

  describe('§2.5 command budget vectors', () => {
    const text = section(doc, '2.5');
    const line =
      /Test vectors from twilight's `nonreserved_commands` test[^:]*:([\s\S]*?)\(the floor\)/.exec(text)?.[1] ?? '';
    it('parses the vectors', () => {
      expect(line).toMatch(/→ 118/);
    });
    const vectors: [number, number][] = [];
    for (const item of line.split(';')) {
      const [left, right] = item.split('→');
      if (right === undefined) continue;
      for (const part of left!.replace('heartbeat interval', '').split(' or ')) {
        const raw = part.trim();
        const ms = raw === '∞' ? Infinity : raw.endsWith(' s') ? Number(raw.slice(0, -2)) * 1000 : Number(raw);
        vectors.push([ms, Number(right.trim())]);
      }
    }
    it('has the six vectors', () => {
      expect(vectors.length).toBe(6);
    });
    for (const [interval, budget] of vectors) {
      it(`heartbeat interval ${interval} ms → ${budget} commands`, () => {
        expect(commandBudget(interval)).toBe(budget);
      });
    }
  });

  describe('§2.7 shard id vectors', () => {
    const text = section(doc, '2.7');
    const table = tableWith(text, 'guild_id', '`>>22`');
    const counts = table.header.slice(2).map((h) => Number(h.replace('%', '')));
    for (const row of table.rows) {
      it(`guild ${row[0]}`, () => {
        counts.forEach((count, i) => {
          expect(shardForGuild(row[0]!, count), `% ${count}`).toBe(Number(row[i + 2]));
          expect(shardForGuild(BigInt(row[0]!), count)).toBe(Number(row[i + 2]));
        });
        expect((BigInt(row[0]!) >> 22n).toString()).toBe(row[1]);
      });
    }
  });
}
