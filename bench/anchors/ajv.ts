// Ajv anchor: the frame's JSON Schema (bench/anchors/json-schema.ts, from gatewire's own zod
// schemas, tagged unions as if/then/else) compiled by Ajv 8 in draft 2020-12 mode. `allErrors:
// false` for the boolean checks (stops at the first error, like `isReceivePayload`), `allErrors:
// true` for the rows that compare with `safeParseReceive`, which reports every issue.
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { z } from 'zod';
import { asDocument, frameJsonSchema } from './json-schema.js';

export interface AjvAnchorOptions {
  readonly allErrors?: boolean;
}

export function ajvAnchor(schema: z.ZodType, options: AjvAnchorOptions = {}): ValidateFunction {
  // strict: false because zod writes `{"type":"number","const":0}` and similar that Ajv's strict
  // mode flags as redundant; the rules are unchanged.
  const ajv = new Ajv2020({ allErrors: options.allErrors === true, strict: false, validateFormats: false });
  return ajv.compile(asDocument(frameJsonSchema(schema)));
}
