/**
 * The AP's 802.11 management core: parameters from hostapd.conf, the beacon / Probe Response /
 * (Re)Association Response builders, the WPS IEs, the station table and MAC ACL, Probe Request
 * handling, and the per-BSS state machine with its host port.
 *
 * @module
 */

export * from "./ap_params.ts";
export * from "./ap_host.ts";
export * from "./beacon_builder.ts";
export * from "./wps_ies.ts";
export * from "./mac_acl.ts";
export * from "./station_table.ts";
export * from "./probe.ts";
export * from "./ap_core.ts";
