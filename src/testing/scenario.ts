/**
 * Scenarios: what the server does, as data (JSON), so a client in any language can be tested by
 * pointing it at `gatewire serve --scenario FILE`. A scenario is a list of rules; each rule names
 * a trigger (`on`), optional filters, and steps run in order every time the trigger fires. Every
 * mistake in a scenario is a `TESTING_BAD_SCENARIO` error with the JSON pointer of the bad member,
 * raised when the scenario is loaded, not when the step would run.
 */
import { isKnownDispatchEvent, safeParseReceive } from '../validate/index.js';
import { assertSendableCloseCode, type TestGatewayConnection, type TestGatewaySession } from './connection.js';
import { TestGatewayError } from './errors.js';
import type { TestGatewayHooks } from './hooks.js';
import { fillDispatch } from './templates.js';
import type { Scenario, ScenarioRule, ScenarioStep, ScenarioTrigger } from './types.js';

export const scenarioTriggers = ['connect', 'identify', 'ready', 'resume', 'resumed', 'command', 'close'] as const satisfies readonly ScenarioTrigger[];
export type { Scenario, ScenarioRule, ScenarioStep, ScenarioTrigger } from './types.js';

const STEP_KEYS: Record<string, readonly string[]> = {
  dispatch: ['data', 'fill'],
  wait: [],
  reconnect: [],
  invalidSession: [],
  close: ['reason'],
  drop: [],
  stall: [],
  requestHeartbeat: [],
  delayNext: [],
  splitNext: [],
  corruptNext: [],
  raw: [],
};
const RULE_KEYS = new Set(['on', 'op', 'connection', 'path', 'times', 'replace', 'steps']);

function fail(path: string, message: string): never {
  throw new TestGatewayError('TESTING_BAD_SCENARIO', `${path || '/'}: ${message}`, { path });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
    fail(path, `expected an integer from ${min} to ${max}`);
  return v;
}

function parseStep(step: unknown, path: string): ScenarioStep {
  if (!isObject(step)) fail(path, 'a step is an object such as {"reconnect": true}');
  const actions = Object.keys(step).filter((k) => Object.hasOwn(STEP_KEYS, k));
  if (actions.length !== 1) {
    const unknown = Object.keys(step).find((k) => !Object.hasOwn(STEP_KEYS, k));
    fail(
      actions.length === 0 && unknown !== undefined ? `${path}/${unknown}` : path,
      actions.length === 0
        ? `unknown step${unknown === undefined ? '' : ` "${unknown}"`}; steps are ${Object.keys(STEP_KEYS).join(', ')}`
        : `a step does one thing, this one has ${actions.join(' and ')}`,
    );
  }
  const action = actions[0]!;
  for (const key of Object.keys(step)) {
    if (key !== action && !STEP_KEYS[action]!.includes(key))
      fail(`${path}/${key}`, `"${key}" is not an option of the ${action} step`);
  }
  const value = step[action];
  const at = `${path}/${action}`;
  switch (action) {
    case 'dispatch': {
      if (typeof value !== 'string' || value === '') fail(at, 'expected the event name, such as "MESSAGE_CREATE"');
      if (!isKnownDispatchEvent(value)) fail(at, `gatewire has no schema for the dispatch ${JSON.stringify(value)}`);
      if (step['fill'] !== undefined && typeof step['fill'] !== 'boolean') fail(`${path}/fill`, 'expected a boolean');
      const data = step['fill'] === false ? step['data'] : fillDispatch(value, step['data']);
      const r = safeParseReceive({ op: 0, s: 1, t: value, d: data });
      if (r.kind === 'invalid') {
        const first = r.issues[0]!;
        throw new TestGatewayError(
          'TESTING_BAD_SCENARIO',
          `${path}/data${first.path.replace(/^\/d/, '')}: ${value} is not valid there (${first.code}, expected ${first.expected}, got ${first.received})`,
          {
            path: `${path}/data${first.path.replace(/^\/d/, '')}`,
            issues: r.issues,
          },
        );
      }
      return { dispatch: value, data: step['data'], fill: step['fill'] !== false };
    }
    case 'wait':
    case 'delayNext':
      return { [action]: integer(value, at, 0, 600_000) } as ScenarioStep;
    case 'splitNext':
      return { splitNext: integer(value, at, 1, 1000) };
    case 'close': {
      const code = integer(value, at, 1000, 4999);
      try {
        assertSendableCloseCode(code);
      } catch {
        fail(at, `${code} cannot be sent as a close code (1000–1003, 1007–1014 or 3000–4999)`);
      }
      if (step['reason'] !== undefined && typeof step['reason'] !== 'string')
        fail(`${path}/reason`, 'expected a string');
      return { close: code, ...(typeof step['reason'] === 'string' ? { reason: step['reason'] } : {}) };
    }
    case 'invalidSession':
    case 'stall':
      if (typeof value !== 'boolean') fail(at, 'expected true or false');
      return { [action]: value } as ScenarioStep;
    case 'raw': {
      if (!isObject(value)) fail(at, 'expected a frame such as {"op": 7, "d": null}');
      integer(value['op'], `${at}/op`, 0, 255);
      return { raw: value as { op: number } };
    }
    default:
      if (value !== true) fail(at, 'expected true');
      return { [action]: true } as ScenarioStep;
  }
}

/**
 * Checks a scenario (a parsed JSON value or an object) and returns it typed.
 *
 * @throws {TestGatewayError} `TESTING_BAD_SCENARIO` with the JSON pointer of the first problem.
 */
export function parseScenario(input: unknown): Scenario {
  if (!isObject(input)) fail('', 'a scenario is an object with "rules"');
  for (const key of Object.keys(input))
    if (key !== 'rules' && key !== 'server' && key !== '$schema' && key !== 'description')
      fail(`/${key}`, `unknown member "${key}"; a scenario has rules, server and description`);
  if (input['server'] !== undefined && !isObject(input['server']))
    fail('/server', 'expected an object of server options');
  const rules = input['rules'] ?? [];
  if (!Array.isArray(rules)) fail('/rules', 'expected a list of rules');
  const parsed = rules.map((rule: unknown, i: number): ScenarioRule => {
    const path = `/rules/${i}`;
    if (!isObject(rule)) fail(path, 'a rule is an object with "on" and "steps"');
    for (const key of Object.keys(rule))
      if (!RULE_KEYS.has(key)) fail(`${path}/${key}`, `unknown member "${key}" of a rule`);
    const on = rule['on'];
    if (typeof on !== 'string' || !(scenarioTriggers as readonly string[]).includes(on))
      fail(`${path}/on`, `expected one of ${scenarioTriggers.join(', ')}`);
    const out: { -readonly [K in keyof ScenarioRule]: ScenarioRule[K] } = { on: on as ScenarioTrigger, steps: [] };
    if (rule['op'] !== undefined) {
      if (on !== 'command') fail(`${path}/op`, 'op filters only "command" rules');
      out.op = integer(rule['op'], `${path}/op`, 0, 255);
    }
    if (rule['connection'] !== undefined)
      out.connection = integer(rule['connection'], `${path}/connection`, 1, Number.MAX_SAFE_INTEGER);
    if (rule['times'] !== undefined) out.times = integer(rule['times'], `${path}/times`, 1, Number.MAX_SAFE_INTEGER);
    if (rule['path'] !== undefined) {
      if (typeof rule['path'] !== 'string') fail(`${path}/path`, 'expected a URL path such as "/resume"');
      out.path = rule['path'];
    }
    if (rule['replace'] !== undefined) {
      if (typeof rule['replace'] !== 'boolean') fail(`${path}/replace`, 'expected a boolean');
      if (on !== 'identify' && on !== 'resume' && on !== 'command')
        fail(`${path}/replace`, "only identify, resume and command rules can replace the server's handling");
      out.replace = rule['replace'];
    }
    const steps = rule['steps'];
    if (!Array.isArray(steps)) fail(`${path}/steps`, 'expected a list of steps');
    out.steps = steps.map((s: unknown, j: number) => parseStep(s, `${path}/steps/${j}`));
    return out;
  });
  return input['server'] === undefined
    ? { rules: parsed }
    : { server: input['server'] as Scenario['server'] & object, rules: parsed };
}

/** The part of the server a scenario drives. */
export interface ScenarioTarget {
  dispatchTo(
    session: TestGatewaySession,
    t: string,
    d: unknown,
    options?: { fill?: boolean },
  ): number | null;
}

async function runSteps(
  steps: readonly ScenarioStep[],
  conn: TestGatewayConnection,
  target: ScenarioTarget,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  for (const step of steps) {
    if ('dispatch' in step) {
      const session = conn.session;
      if (session === null)
        throw new TestGatewayError(
          'TESTING_BAD_SCENARIO',
          `dispatch ${step.dispatch}: connection ${conn.id} has no session yet (use it on ready, resumed or command)`,
        );
      target.dispatchTo(session, step.dispatch, step.data ?? {}, { fill: step.fill !== false });
    } else if ('wait' in step) await sleep(step.wait);
    else if ('reconnect' in step) void conn.reconnect();
    else if ('invalidSession' in step) void conn.invalidSession(step.invalidSession);
    else if ('close' in step) void conn.close(step.close, step.reason ?? '');
    else if ('drop' in step) conn.drop();
    else if ('stall' in step) conn.stall(step.stall);
    else if ('requestHeartbeat' in step) void conn.requestHeartbeat();
    else if ('delayNext' in step) conn.delayNext(step.delayNext);
    else if ('splitNext' in step) conn.splitNext(step.splitNext);
    else if ('corruptNext' in step) conn.corruptNext();
    else void conn.sendRaw(step.raw);
  }
}

/** Turns a parsed scenario into hooks. */
export function compileScenario(
  scenario: Scenario,
  target: ScenarioTarget,
  sleep: (ms: number) => Promise<void>,
  report: (error: unknown) => void,
): TestGatewayHooks {
  const fired = new Map<ScenarioRule, number>();
  const fire = (trigger: ScenarioTrigger, conn: TestGatewayConnection, op?: number): boolean | void => {
    let replaced = false;
    for (const rule of scenario.rules) {
      if (rule.on !== trigger) continue;
      if (rule.op !== undefined && rule.op !== op) continue;
      if (rule.connection !== undefined && rule.connection !== conn.id) continue;
      if (rule.path !== undefined && rule.path !== conn.path) continue;
      const count = fired.get(rule) ?? 0;
      if (rule.times !== undefined && count >= rule.times) continue;
      fired.set(rule, count + 1);
      if (rule.replace === true) replaced = true;
      runSteps(rule.steps, conn, target, sleep).catch(report);
    }
    return replaced ? false : undefined;
  };
  return {
    onConnect: (conn) => void fire('connect', conn),
    onIdentify: (conn) => fire('identify', conn),
    onReady: (conn) => void fire('ready', conn),
    onResume: (conn) => fire('resume', conn),
    onResumed: (conn) => void fire('resumed', conn),
    onCommand: (conn, payload) => fire('command', conn, payload.op),
    onClose: (conn) => void fire('close', conn),
  };
}
