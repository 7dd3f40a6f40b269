/**
 * Version text shared by the daemon and the CLI.
 *
 * @module
 */

/** tsapd's version. */
export const VERSION = "0.1.0";

/** What `-v` prints (hostapd's layout, so scripts grepping for the version keep working). */
export const VERSION_TEXT = `tsapd v${VERSION} (hostapd v2.10 compatible)
User space daemon for IEEE 802.11 AP management,
IEEE 802.1X/WPA/WPA2/EAP/RADIUS Authenticator`;
