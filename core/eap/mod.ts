/**
 * The EAP server for WPS: EAP packet codec, the EAP-WSC header with fragmentation and bounded
 * reassembly, the per-station conversation and the station table. Pure: no I/O.
 *
 * @module
 */

export * from "./packet.ts";
export * from "./wsc_frame.ts";
export * from "./wsc_session.ts";
export * from "./wsc_server.ts";
