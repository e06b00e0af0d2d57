/**
 * Checks that need nothing outside the repository: the generated protocol tables against
 * discord-api-types and the docs' own rules, and the opcode/close-code helpers.
 */
import {
  GatewayCloseCodes as UpstreamCloseCodes,
  GatewayDispatchEvents as UpstreamDispatchEvents,
  GatewayOpcodes as UpstreamOpcodes,
} from 'discord-api-types/v10';
import {
  VoiceCloseCodes as UpstreamVoiceCloseCodes,
  VoiceOpcodes as UpstreamVoiceOpcodes,
} from 'discord-api-types/voice/v8';
import { describe, expect, it } from 'vitest';
import {
  GatewayCloseCodes,
  GatewayCloseCodesTable,
  GatewayOpcodes,
  GatewayOpcodesTable,
  VoiceCloseCodes,
  VoiceCloseCodesTable,
  VoiceOpcodes,
  VoiceOpcodesTable,
} from '../../generated/enums.js';
import {
  ClientCloseCodes,
  ProtocolError,
  assertClientCloseCode,
  clientCloseCode,
  closeCodeAction,
  closeEndsSession,
  isReceiveOpcode,
  isSendOpcode,
  laneForOpcode,
  opcodeDirection,
  opcodeForCommand,
} from '../../src/protocol/index.js';

function numericMembers(enumObject: object): [string, number][] {
  return Object.entries(enumObject).filter(([, value]) => typeof value === 'number') as [string, number][];
}

describe('generated tables against discord-api-types', () => {
  const cases: [string, object, object][] = [
    ['GatewayOpcodes', GatewayOpcodes, UpstreamOpcodes],
    ['GatewayCloseCodes', GatewayCloseCodes, UpstreamCloseCodes],
    ['VoiceOpcodes', VoiceOpcodes, UpstreamVoiceOpcodes],
    ['VoiceCloseCodes', VoiceCloseCodes, UpstreamVoiceCloseCodes],
  ];
  for (const [name, ours, upstream] of cases) {
    it(`${name}: same names and values`, () => {
      expect(Object.fromEntries(numericMembers(ours))).toEqual(Object.fromEntries(numericMembers(upstream)));
    });
  }
});

describe('opcode directions', () => {
  it('the docs rule: only Heartbeat goes both ways; Dispatch and the session-control frames are receive-only', () => {
    expect(GatewayOpcodesTable.filter((row) => row.direction === 'both').map((row) => row.name)).toEqual(['Heartbeat']);
    for (const op of [0, 7, 9, 10, 11]) expect(opcodeDirection(op)).toBe('receive');
    for (const op of [2, 3, 4, 6, 8, 31, 43]) expect(opcodeDirection(op)).toBe('send');
  });
  it('send and receive predicates agree with the column', () => {
    for (const row of GatewayOpcodesTable) {
      expect(isSendOpcode(row.value)).toBe(row.direction !== 'receive');
      expect(isReceiveOpcode(row.value)).toBe(row.direction !== 'send');
      expect(row.command === null).toBe(row.direction === 'receive');
    }
    expect(isSendOpcode(5)).toBe(false);
    expect(isReceiveOpcode(5)).toBe(false);
  });
  it('only Heartbeat takes the heartbeat lane', () => {
    for (const row of GatewayOpcodesTable)
      expect(laneForOpcode(row.value)).toBe(row.value === 1 ? 'heartbeat' : 'command');
  });
  it('voice: binary opcodes are the DAVE MLS ones', () => {
    for (const row of VoiceOpcodesTable) expect(row.binary).toBe(row.name.startsWith('DaveMls') && row.value !== 31);
  });
});

describe('close code table rules', () => {
  it('fatal exactly where Discord says not to reconnect', () => {
    for (const row of GatewayCloseCodesTable) expect(row.action === 'fatal', String(row.value)).toBe(!row.reconnect);
  });
  it('voice: Discord says not to reconnect after 4014, 4021, 4022 and to resume after 4015', () => {
    const noReconnect = VoiceCloseCodesTable.filter((row) => !row.reconnect).map((row) => row.value);
    expect(noReconnect).toEqual([4014, 4021, 4022]);
    expect(VoiceCloseCodesTable.filter((row) => row.action === 'resume').map((row) => row.value)).toEqual([4015]);
  });
});

describe('closeCodeAction', () => {
  it('the issue mapping', () => {
    const expected: Record<number, string> = {
      4000: 'resume',
      4001: 'resume',
      4002: 'resume',
      4003: 'identify',
      4004: 'fatal',
      4005: 'identify',
      4007: 'identify',
      4008: 'resume',
      4009: 'identify',
      4010: 'fatal',
      4011: 'fatal',
      4012: 'fatal',
      4013: 'fatal',
      4014: 'fatal',
      4006: 'resume',
      4015: 'resume',
      4100: 'resume',
      1006: 'resume',
      1000: 'resume',
      1011: 'resume',
    };
    for (const [code, action] of Object.entries(expected))
      expect(closeCodeAction(Number(code)).action, code).toBe(action);
    expect(closeCodeAction(undefined).action).toBe('resume');
  });
  it('carries the name and a reason', () => {
    const decision = closeCodeAction(4014);
    expect(decision).toMatchObject({ action: 'fatal', code: 4014, name: 'DisallowedIntents', initiator: 'server' });
    expect(decision.reason).toMatch(/privileged/);
    expect(closeCodeAction(4123).reason).toMatch(/not one Discord documents/);
    expect(closeCodeAction(null).reason).toMatch(/without a close code/);
  });
  it("a client's own close is never read back as a Discord code", () => {
    // twilight closes with 4000 to resume; read as Discord's it would be "unknown error", and 4004 would be fatal.
    for (const code of [4000, 4004, 4009, 4014]) {
      const decision = closeCodeAction(code, { initiator: 'client' });
      expect(decision.action, String(code)).toBe('resume');
      expect(decision.name).toBeNull();
    }
    expect(closeCodeAction(1000, { initiator: 'client' }).action).toBe('identify');
    expect(closeCodeAction(1001, { initiator: 'client' }).action).toBe('identify');
    expect(closeCodeAction(null, { initiator: 'client' }).action).toBe('resume');
  });
});

describe('client close codes', () => {
  it('1000 ends the session; Resumable keeps it and is outside Discord range', () => {
    expect(closeEndsSession(ClientCloseCodes.Normal)).toBe(true);
    expect(closeEndsSession(1001)).toBe(true);
    expect(closeEndsSession(ClientCloseCodes.Resumable)).toBe(false);
    expect(ClientCloseCodes.Resumable < 4000 || ClientCloseCodes.Resumable > 4999).toBe(true);
    expect(GatewayCloseCodesTable.some((row) => (row.value as number) === ClientCloseCodes.Resumable)).toBe(false);
    expect(clientCloseCode({ keepSession: true })).toBe(ClientCloseCodes.Resumable);
    expect(clientCloseCode({ keepSession: false })).toBe(ClientCloseCodes.Normal);
  });
  it('assertClientCloseCode accepts 1000 and 3000–3999 only', () => {
    for (const ok of [1000, 3000, 3999]) expect(() => assertClientCloseCode(ok)).not.toThrow();
    for (const bad of [1001, 1005, 1006, 1012, 2999, 4000, 4200, 5000, 3000.5]) {
      expect(() => assertClientCloseCode(bad), String(bad)).toThrow(ProtocolError);
    }
  });
});

describe('opcodeForCommand', () => {
  it('maps every send command and rejects dispatch names', () => {
    expect(opcodeForCommand('UPDATE_PRESENCE')).toBe(3);
    expect(opcodeForCommand('UPDATE_VOICE_STATE')).toBe(4);
    for (const dispatch of Object.values(UpstreamDispatchEvents)) {
      expect(() => opcodeForCommand(dispatch), dispatch).toThrow(
        expect.objectContaining({ code: 'PROTOCOL_UNKNOWN_COMMAND' }),
      );
    }
  });
});
