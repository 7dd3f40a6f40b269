/**
 * The control interface's pure layer: request parsing with hostapd's matching rules, reply
 * formatting for the station table, and the per-BSS dispatcher.
 *
 * @module
 */

export * from "./command.ts";
export * from "./dispatch.ts";
export * from "./sta.ts";
