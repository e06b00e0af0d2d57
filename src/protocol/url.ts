import { ProtocolError } from './errors.js';

/** Encodings of received gateway packets. */
export type GatewayEncoding = 'json' | 'etf';
/** Transport compression of received gateway packets. */
export type GatewayCompression = 'zlib-stream' | 'zstd-stream';

export interface GatewayUrlOptions {
  /** The cached `url` from Get Gateway (Bot), e.g. `wss://gateway.discord.gg`. */
  readonly base: string | URL;
  /** API version; default 10. */
  readonly version?: number;
  /** Default `json`. */
  readonly encoding?: GatewayEncoding;
  /** Transport compression; omitted (or null/false) for none. */
  readonly compress?: GatewayCompression | null | false;
}

/** The query a connection was opened with, to carry over to the resume URL. */
export type GatewayQuery = Omit<GatewayUrlOptions, 'base'>;

const PARAMS = ['v', 'encoding', 'compress'] as const;

function parseWebSocketUrl(input: string | URL, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new ProtocolError('GATEWAY_URL_INVALID', `The ${what} ${JSON.stringify(String(input))} is not a URL.`);
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw new ProtocolError(
      'GATEWAY_URL_SCHEME',
      `The ${what} must use wss: (or ws:), not ${url.protocol} (${url.href}).`,
    );
  }
  // WHATWG WebSockets refuse URLs with a fragment.
  url.hash = '';
  return url;
}

function checkQuery(query: GatewayQuery): { v?: string; encoding?: string; compress?: string } {
  const out: { v?: string; encoding?: string; compress?: string } = {};
  if (query.version !== undefined) {
    if (!Number.isSafeInteger(query.version) || query.version < 1) {
      throw new ProtocolError(
        'GATEWAY_URL_INVALID_PARAM',
        `Gateway version must be a positive integer, got ${query.version}.`,
        {
          path: '/version',
        },
      );
    }
    out.v = String(query.version);
  }
  if (query.encoding !== undefined) {
    if (query.encoding !== 'json' && query.encoding !== 'etf') {
      throw new ProtocolError(
        'GATEWAY_URL_INVALID_PARAM',
        `Gateway encoding must be json or etf, got ${JSON.stringify(query.encoding)}.`,
        {
          path: '/encoding',
        },
      );
    }
    out.encoding = query.encoding;
  }
  if (query.compress !== undefined && query.compress !== null && query.compress !== false) {
    if (query.compress !== 'zlib-stream' && query.compress !== 'zstd-stream') {
      throw new ProtocolError(
        'GATEWAY_URL_INVALID_PARAM',
        `Gateway compression must be zlib-stream or zstd-stream, got ${JSON.stringify(query.compress)}.`,
        { path: '/compress' },
      );
    }
    out.compress = query.compress;
  }
  return out;
}

function withQuery(url: URL, query: { v?: string; encoding?: string; compress?: string }): string {
  // Replace rather than append, so a base that already carries ?v=9 cannot end up with two versions.
  for (const name of PARAMS) url.searchParams.delete(name);
  for (const name of PARAMS) {
    const value = query[name];
    if (value !== undefined) url.searchParams.append(name, value);
  }
  return url.href;
}

/**
 * The URL to open a gateway connection: `base` with `v`, `encoding` and, if any, `compress`. Built
 * with `URL`, so a trailing slash, a path or an existing query on `base` is handled.
 *
 * @throws {ProtocolError} `GATEWAY_URL_INVALID`, `GATEWAY_URL_SCHEME`, `GATEWAY_URL_INVALID_PARAM`.
 */
export function gatewayUrl(options: GatewayUrlOptions): string {
  const url = parseWebSocketUrl(options.base, 'gateway URL');
  return withQuery(
    url,
    checkQuery({ version: options.version ?? 10, encoding: options.encoding ?? 'json', compress: options.compress }),
  );
}

/**
 * The URL to resume at: READY's bare `resume_gateway_url` with the query the session's first
 * connection used (`v`, `encoding`, `compress`). Discord requires the same version and encoding
 * there, and a resume URL without them is what broke resumes in other libraries.
 *
 * @param original The URL the session first connected to (as returned by {@link gatewayUrl}), or its query.
 * @throws {ProtocolError} `GATEWAY_URL_INVALID`, `GATEWAY_URL_SCHEME`, `GATEWAY_URL_INVALID_PARAM`.
 */
export function resumeUrl(resumeGatewayUrl: string | URL, original: string | URL | GatewayQuery): string {
  const url = parseWebSocketUrl(resumeGatewayUrl, 'resume gateway URL');
  let query: { v?: string; encoding?: string; compress?: string };
  if (typeof original === 'string' || original instanceof URL) {
    const params = parseWebSocketUrl(original, 'original gateway URL').searchParams;
    const version = params.get('v');
    const encoding = params.get('encoding');
    const compress = params.get('compress');
    query = checkQuery({
      version: version === null ? undefined : Number(version),
      encoding: (encoding ?? undefined) as GatewayEncoding | undefined,
      compress: (compress ?? undefined) as GatewayCompression | undefined,
    });
  } else {
    query = checkQuery({
      version: original.version ?? 10,
      encoding: original.encoding ?? 'json',
      compress: original.compress,
    });
  }
  return withQuery(url, query);
}
