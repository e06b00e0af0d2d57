/**
 * The User-Agent gatewire's ws adapter sends when opening a gateway connection. Discord documents
 * `DiscordBot ($url, $versionNumber)` for HTTP clients, and some gateway implementations close with
 * 4002 when a client sends none. The version is checked against package.json by the tests.
 */
export const GATEWIRE_VERSION = '0.1.0';
/** The project's home, as package.json's `homepage` names it (without the anchor). */
export const GATEWIRE_URL = 'https://github.com/gatewire/gatewire';
export const DEFAULT_USER_AGENT = `DiscordBot (${GATEWIRE_URL}, ${GATEWIRE_VERSION})`;
