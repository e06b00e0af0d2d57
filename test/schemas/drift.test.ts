// Drift check: where one of our object schemas has a counterpart in Discord's OpenAPI spec
// (../shared/reference/discord-api-spec/openapi.json), every property the spec has and ours lacks
// must be recorded in schemas/drift.json with the reason it is absent. The mapping lives in the
// same file. Our schemas are read as JSON (dialect rules applied), never through generated code.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

type Json = Record<string, unknown>;

interface DriftEntry {
  /** Our schema: a root-relative reference such as `/objects/user.json#/$defs/primary-guild`. */
  schema: string;
  /** Names of the counterpart schemas under `components.schemas` of the OpenAPI spec. */
  spec: string[];
  /** Spec properties our schema deliberately lacks: name → reason. */
  absent?: Record<string, string>;
}

interface DriftFile {
  /** objects/ files with no counterpart of their own: `/objects/<file>` → reason. */
  unmapped: Record<string, string>;
  entries: DriftEntry[];
}

const repo = new URL("../../", import.meta.url);
const specFile = new URL(
  "../../../shared/reference/discord-api-spec/openapi.json",
  import.meta.url,
);
const hasSpec = existsSync(specFile);
if (!hasSpec) {
  console.warn(
    `drift.test: skipped, ${specFile.pathname} is absent (the shared reference checkout is not mounted)`,
  );
}

const ID_PREFIX = "https://gatewire.dev";

/** Every schema file of schemas/, keyed by its `$id`. */
function loadOurSchemas(): Map<string, Json> {
  const byId = new Map<string, Json>();
  const walk = (dir: URL): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir));
      else if (entry.name.endsWith(".json") && entry.name !== "drift.json") {
        const doc = JSON.parse(
          readFileSync(new URL(entry.name, dir), "utf8"),
        ) as Json;
        if (typeof doc.$id === "string") byId.set(doc.$id, doc);
      }
    }
  };
  walk(new URL("schemas/", repo));
  return byId;
}

function walkPointer(doc: unknown, pointer: string, what: string): unknown {
  if (pointer === "" || pointer === "/") return doc;
  let node = doc;
  for (const raw of pointer.replace(/^\//, "").split("/")) {
    const token = decodeURIComponent(raw)
      .replace(/~1/g, "/")
      .replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(token in node))
      throw new Error(`${what}: pointer ${pointer} does not resolve`);
    node = (node as Json)[token];
  }
  return node;
}

/** Resolves `ref` against the `$id` of the document it appears in. */
function resolveOurs(
  schemas: Map<string, Json>,
  ref: string,
  baseId: string,
): { node: Json; baseId: string } {
  const [path = "", fragment = ""] = ref.split("#");
  const docId = path === "" ? baseId : new URL(path, baseId).href;
  const doc = schemas.get(docId);
  if (!doc)
    throw new Error(
      `$ref ${ref} (from ${baseId}): no schema with $id ${docId}`,
    );
  return { node: walkPointer(doc, fragment, ref) as Json, baseId: docId };
}

/**
 * Property names a schema can carry, over every branch. Follows `$ref` with the dialect's rule
 * (keywords beside a `$ref` replace the target's keywords of the same name), `allOf`, `oneOf`
 * and `anyOf`.
 */
function ourProperties(
  schemas: Map<string, Json>,
  node: Json,
  baseId: string,
  depth = 0,
): Set<string> {
  if (depth > 32) throw new Error(`$ref chain too deep at ${baseId}`);
  if (typeof node.$ref === "string") {
    const target = resolveOurs(schemas, node.$ref, baseId);
    const { $ref: _ref, ...siblings } = node;
    return ourProperties(
      schemas,
      { ...target.node, ...siblings },
      target.baseId,
      depth + 1,
    );
  }
  const out = new Set<string>(
    Object.keys((node.properties as Json | undefined) ?? {}),
  );
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    for (const sub of (node[key] as Json[] | undefined) ?? []) {
      for (const p of ourProperties(schemas, sub, baseId, depth + 1))
        out.add(p);
    }
  }
  return out;
}

/** Property names of an OpenAPI component, over `$ref`, `allOf`, `oneOf` and `anyOf`. */
function specProperties(components: Json, node: Json, depth = 0): Set<string> {
  if (depth > 32) throw new Error("spec $ref chain too deep");
  const out = new Set<string>(
    Object.keys((node.properties as Json | undefined) ?? {}),
  );
  if (typeof node.$ref === "string") {
    const name = node.$ref.replace("#/components/schemas/", "");
    const target = components[name] as Json | undefined;
    if (!target) throw new Error(`spec $ref ${node.$ref} does not resolve`);
    for (const p of specProperties(components, target, depth + 1)) out.add(p);
  }
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    for (const sub of (node[key] as Json[] | undefined) ?? []) {
      for (const p of specProperties(components, sub, depth + 1)) out.add(p);
    }
  }
  return out;
}

describe.skipIf(!hasSpec)(
  "drift between our object schemas and the OpenAPI spec",
  () => {
    const drift = JSON.parse(
      readFileSync(new URL("schemas/drift.json", repo), "utf8"),
    ) as DriftFile;
    const schemas = loadOurSchemas();
    const components = hasSpec
      ? (
          JSON.parse(readFileSync(specFile, "utf8")) as {
            components: { schemas: Json };
          }
        ).components.schemas
      : {};

    it("maps a meaningful set of objects, each schema listed once", () => {
      expect(drift.entries.length).toBeGreaterThan(20);
      const names = drift.entries.map((e) => e.schema);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    });

    it("considers every objects/ file: mapped at its root, or unmapped with a reason", () => {
      const files = readdirSync(new URL("schemas/objects/", repo))
        .filter((f) => f.endsWith(".json"))
        .map((f) => `/objects/${f}`);
      const mapped = new Set(drift.entries.map((e) => e.schema));
      expect(
        files.filter((f) => !mapped.has(f) && !(f in drift.unmapped)),
      ).toEqual([]);
      expect(
        Object.keys(drift.unmapped).filter(
          (f) => !files.includes(f) || mapped.has(f),
        ),
      ).toEqual([]);
      expect(
        Object.entries(drift.unmapped).filter(
          ([, why]) => why.trim().length < 15,
        ),
      ).toEqual([]);
    });

    describe.each(drift.entries.map((e) => [e.schema, e] as const))(
      "%s",
      (_name, entry) => {
        it("records every spec property it lacks, with a reason, and nothing else", () => {
          const ours = ourProperties(
            schemas,
            { $ref: entry.schema },
            `${ID_PREFIX}/`,
          );
          expect(
            ours.size,
            `${entry.schema} has no properties`,
          ).toBeGreaterThan(0);
          const spec = new Set<string>();
          for (const name of entry.spec) {
            const component = components[name] as Json | undefined;
            expect(component, `spec component ${name}`).toBeDefined();
            for (const p of specProperties(components, component!)) spec.add(p);
          }
          const absent = entry.absent ?? {};
          const lacking = [...spec].filter((p) => !ours.has(p)).sort();
          // Every property the spec has and we lack needs a recorded reason.
          expect(
            lacking.filter((p) => !(p in absent)),
            `unrecorded absences in ${entry.schema}`,
          ).toEqual([]);
          // A recorded absence that no longer holds (we gained the field, or the spec dropped it) is stale.
          expect(
            Object.keys(absent).filter((p) => !lacking.includes(p)),
            `stale entries for ${entry.schema}`,
          ).toEqual([]);
          // A reason says something specific.
          const vague = Object.entries(absent).filter(
            ([, why]) => typeof why !== "string" || why.trim().length < 15,
          );
          expect(vague, `reasons too short in ${entry.schema}`).toEqual([]);
        });
      },
    );
  },
);
