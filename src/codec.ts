/**
 * The one shape every gateway payload codec has, so a connection can switch `encoding=json|etf`
 * by configuration and hand the same objects to the rest of the program either way.
 */
export interface Codec {
  /** The value of the gateway URL's `encoding` query parameter. */
  readonly encoding: 'json' | 'etf';
  /**
   * Whether payloads travel in binary WebSocket frames. JSON goes out as text frames (Discord
   * rejects binary JSON), ETF always as binary.
   */
  readonly binary: boolean;
  /** Serialises one outbound payload. Throws a `GatewireError` subclass for values it cannot represent. */
  encode(value: unknown): Uint8Array;
  /**
   * Parses one complete inbound payload (already decompressed). Throws a `GatewireError` subclass
   * carrying a byte `offset` for malformed input; never returns partial output.
   */
  decode(data: Uint8Array | ArrayBuffer | string): unknown;
}

/** Input accepted by the codecs' `decode`; `Buffer` is a `Uint8Array`. */
export type CodecInput = Uint8Array | ArrayBuffer | string;
