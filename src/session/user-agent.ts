/**
 * The User-Agent gatewire's ws adapter sends when opening a gateway connection. Discord documents
 * `DiscordBot ($url, $versionNumber)` for HTTP clients, and some gateway implementations close with
 * 4002 when a client sends none. The version is checked against package.json by the tests.
 */
export const GATEWIRE_VERSION = '0.1.0';
export const GATEWIRE_URL = 'https://www.npmjs.com/package/gatewire';
export const DEFAULT_USER_AGENT = `DiscordBot (${GATEWIRE_URL}, ${GATEWIRE_VERSION})`;
