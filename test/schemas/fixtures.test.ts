// Every example frame under test/fixtures parses with its generated zod schema, and every broken
// copy listed in test/fixtures/mutations.json is rejected with an issue at exactly the expected path.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import {
  GatewayDispatchSchemas,
  GatewayReceiveOpSchemas,
  GatewayReceivePayloadSchema,
  GatewaySendOpSchemas,
  GatewaySendPayloadSchema,
  setCompiledFastPath,
} from "../../generated/zod.js";
import { safeParseReceive, safeParseSend } from "../../src/validate/index.js";
import {
  applyMutation,
  loadFixtures,
  loadMutations,
  toPointer,
  type Fixture,
} from "../fixtures/index.js";

// These tests are about the schemas as zod reads them: zod alone, without the compiled fast path
// (which test/validate/zod-fast-path.test.ts checks against zod alone).
setCompiledFastPath(false);

// Index the lookup tables by string: fixtures carry `t` and `op` as plain JSON values.
const z = {
  GatewayReceivePayloadSchema,
  GatewaySendPayloadSchema,
  GatewayDispatchSchemas: GatewayDispatchSchemas as Record<string, ZodType>,
  GatewayReceiveOpSchemas: GatewayReceiveOpSchemas as Record<string, ZodType>,
  GatewaySendOpSchemas: GatewaySendOpSchemas as Record<string, ZodType>,
};
type GeneratedZod = typeof z;

const fixtures = loadFixtures();
const mutations = loadMutations();
const byId = new Map(fixtures.map((f) => [f.id, f]));

function frame(f: Fixture): { op: number; t: unknown } {
  return f.payload as { op: number; t: unknown };
}

/** The schema of the one frame a fixture is an example of (not the whole union). */
function frameSchema(z: GeneratedZod, f: Fixture): ZodType {
  const { op, t } = frame(f);
  const schema =
    f.direction === "send"
      ? z.GatewaySendOpSchemas[String(op)]
      : op === 0
        ? z.GatewayDispatchSchemas[String(t)]
        : z.GatewayReceiveOpSchemas[String(op)];
  if (!schema)
    throw new Error(
      `${f.id}: no generated schema for op ${op}${op === 0 ? ` t ${String(t)}` : ""}`,
    );
  return schema;
}

interface IssueLike {
  code?: string;
  path: PropertyKey[];
  message: string;
  errors?: IssueLike[][];
  issues?: IssueLike[];
}

/**
 * Every JSON pointer at which zod reports a problem. A failed union reports one issue at the
 * union's own path carrying each branch's issues (paths relative to the union); those are
 * flattened so a field-level problem inside a union member is seen at its full path.
 */
function issuePointers(
  issues: readonly IssueLike[],
  prefix: PropertyKey[] = [],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    out.set(toPointer(path), `${issue.code ?? "?"}: ${issue.message}`);
    for (const branch of issue.errors ?? []) {
      for (const [k, v] of issuePointers(branch, path))
        if (!out.has(k)) out.set(k, v);
    }
    for (const [k, v] of issuePointers(issue.issues ?? [], path))
      if (!out.has(k)) out.set(k, v);
  }
  return out;
}

const docsFile = new URL(
  "../../../shared/reference/discord-api-docs/developers/events/gateway-events.mdx",
  import.meta.url,
);
const hasDocs = existsSync(docsFile);
if (!hasDocs)
  console.warn(
    `fixtures.test: docs coverage skipped, ${docsFile.pathname} is absent`,
  );

/** Names of the linked rows of the docs table that follows `heading`, as UPPER_SNAKE (`Update Presence` → `UPDATE_PRESENCE`). */
function docsTableNames(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0)
    throw new Error(`heading ${heading} not found in gateway-events.mdx`);
  const lines = markdown.slice(start).split("\n").slice(1);
  const names: string[] = [];
  let inTable = false;
  for (const line of lines) {
    if (line.startsWith("|")) {
      inTable = true;
      const m = /^\|\s*\[([^\]]+)\]/.exec(line);
      if (m) names.push(m[1]!.trim().toUpperCase().replace(/\s+/g, "_"));
    } else if (inTable) break;
  }
  return names;
}

describe("fixture files", () => {
  it("are complete frames: {op, d, s, t} received (s and t null unless op is 0), {op, d} sent (s and t null in *.full-frame)", () => {
    for (const f of fixtures) {
      const p = f.payload as Record<string, unknown>;
      expect(typeof p.op, f.id).toBe("number");
      if (f.direction === "receive") {
        expect(Object.keys(p).sort(), f.id).toEqual(["d", "op", "s", "t"]);
        if (p.op === 0) {
          expect(typeof p.s, f.id).toBe("number");
          expect(typeof p.t, f.id).toBe("string");
        } else {
          expect([p.s, p.t], f.id).toEqual([null, null]);
        }
      } else {
        const fullFrame = f.name.endsWith(".full-frame");
        expect(Object.keys(p).sort(), f.id).toEqual(fullFrame ? ["d", "op", "s", "t"] : ["d", "op"]);
        if (fullFrame) expect([p.s, p.t], f.id).toEqual([null, null]);
      }
    }
  });

  it("has one or more mutations per fixture, each resolving in its fixture and changing it", () => {
    const covered = new Set(mutations.map((m) => m.fixture));
    expect(fixtures.filter((f) => !covered.has(f.id)).map((f) => f.id)).toEqual(
      [],
    );
    for (const m of mutations) {
      const f = byId.get(m.fixture);
      expect(f, `mutation names unknown fixture ${m.fixture}`).toBeDefined();
      expect(["remove", "replace"]).toContain(m.action);
      expect(m.expectPath.startsWith("/"), `${m.fixture} ${m.pointer}`).toBe(
        true,
      );
      expect(
        applyMutation(f!.payload, m),
        `${m.fixture} ${m.pointer}`,
      ).not.toEqual(f!.payload);
    }
  });

  it.skipIf(!hasDocs)(
    "cover every receive event and send command of the docs tables",
    () => {
      const markdown = readFileSync(docsFile, "utf8");
      const receive = docsTableNames(markdown, "## Receive Events");
      const send = docsTableNames(markdown, "## Send Events");
      // 82 rows today: 79 dispatches plus Hello, Reconnect and Invalid Session; 8 send commands.
      expect(receive.length).toBeGreaterThanOrEqual(82);
      expect(send.length).toBeGreaterThanOrEqual(8);
      const have = (direction: string) =>
        new Set(
          fixtures.filter((f) => f.direction === direction).map((f) => f.event),
        );
      const received = have("receive");
      const sent = have("send");
      // Heartbeat (server-requested) and Heartbeat ACK are receive ops the table does not list.
      expect(
        [...receive, "HEARTBEAT", "HEARTBEAT_ACK"].filter(
          (n) => !received.has(n),
        ),
      ).toEqual([]);
      expect(send.filter((n) => !sent.has(n))).toEqual([]);
    },
  );
});

describe("gateway fixtures against the generated zod schemas", () => {
  it("has fixtures and mutations to check", () => {
    expect(fixtures.length).toBeGreaterThan(90);
    expect(mutations.length).toBeGreaterThanOrEqual(fixtures.length);
  });

  it("has at least one fixture for every generated dispatch, receive op and send op", () => {
    const dispatches = new Set(
      fixtures
        .filter((f) => f.direction === "receive" && frame(f).op === 0)
        .map((f) => String(frame(f).t)),
    );
    const receiveOps = new Set(
      fixtures
        .filter((f) => f.direction === "receive")
        .map((f) => String(frame(f).op)),
    );
    const sendOps = new Set(
      fixtures
        .filter((f) => f.direction === "send")
        .map((f) => String(frame(f).op)),
    );
    expect(
      Object.keys(z.GatewayDispatchSchemas).filter((t) => !dispatches.has(t)),
    ).toEqual([]);
    expect(
      Object.keys(z.GatewayReceiveOpSchemas).filter(
        (op) => !receiveOps.has(op),
      ),
    ).toEqual([]);
    expect(
      Object.keys(z.GatewaySendOpSchemas).filter((op) => !sendOps.has(op)),
    ).toEqual([]);
  });

  it("names each fixture after the frame it holds", () => {
    for (const f of fixtures) {
      const { op, t } = frame(f);
      if (f.direction === "receive" && op === 0) expect(t, f.id).toBe(f.event);
    }
  });

  describe.each(fixtures.map((f) => [f.id, f] as const))("%s", (_id, f) => {
    it("parses with its frame schema and with the direction union", () => {
      const own = frameSchema(z, f).safeParse(f.payload);
      expect(
        own.success ? [] : [...issuePointers(own.error.issues as IssueLike[])],
      ).toEqual([]);
      const union =
        f.direction === "send"
          ? z.GatewaySendPayloadSchema
          : z.GatewayReceivePayloadSchema;
      expect(union.safeParse(f.payload).success).toBe(true);
    });

    const own = mutations.filter((m) => m.fixture === f.id);
    it.each(own.map((m) => [`${m.action} ${m.pointer}`, m] as const))(
      "rejects the copy with %s",
      (_label, m) => {
        const broken = applyMutation(f.payload, m);
        const result = frameSchema(z, f).safeParse(broken);
        expect(result.success).toBe(false);
        const pointers = issuePointers(
          (result.error?.issues ?? []) as IssueLike[],
        );
        expect(
          [...pointers.keys()],
          `issues: ${JSON.stringify([...pointers])}`,
        ).toContain(m.expectPath);
        const union =
          f.direction === "send"
            ? z.GatewaySendPayloadSchema
            : z.GatewayReceivePayloadSchema;
        expect(union.safeParse(broken).success).toBe(false);
      },
    );
  });
});

// Every fixture passes strict validation (unknown keys reported): this catches a misspelt or
// misplaced key, which the loose zod schemas would accept. Fields Discord sends without
// documenting them are in the schemas as optional, marked `x-undocumented`; the `*.as-sent`
// variants carry them as captured from real traffic (#11.8).
describe("fixtures carry only keys the schemas know", () => {
  const strict = (f: Fixture) =>
    f.direction === "send"
      ? safeParseSend(f.payload, { mode: "strict" })
      : safeParseReceive(f.payload, { mode: "strict" });

  it.each(fixtures.map((f) => [f.id, f] as const))(
    "%s passes strict validation",
    (_id, f) => {
      const result = strict(f);
      expect(
        result.success ? [] : "issues" in result ? result.issues : result.kind,
      ).toEqual([]);
    },
  );
});
