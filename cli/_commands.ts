/**
 * hostapd_cli's command table: every command name of hostapd_cli 2.10 (so that abbreviations
 * and "Ambiguous command" answers match), how each one builds its request, and its usage line.
 * The usage descriptions are tsapd's own wording.
 *
 * @module
 * @private
 */

/** What a command asks of the session that runs it. */
export interface CliSession {
  /** Sends `cmd` and prints the reply (hostapd_cli's wpa_ctrl_command). */
  command(cmd: string): Promise<void>;
  /** Sends `cmd` and returns the reply text (printed when `print`), or null after printing why
   * it failed. */
  request(cmd: string, print: boolean): Promise<string | null>;
  /** Writes text to stdout. */
  print(text: string): void;
  /** Lists the control directory's entries (the `interface` command without arguments). */
  listInterfaces(): Promise<void>;
  /** Switches to another interface (the `interface <ifname>` command). */
  selectInterface(ifname: string): Promise<void>;
  /** Leaves interactive mode. */
  quit(): void;
  /** Prints the usage of one command or all of them. */
  help(name?: string): void;
}

/** One hostapd_cli command. */
export interface CliCommand {
  /** The command name as typed (case-insensitive, abbreviations allowed). */
  name: string;
  /** Usage text (`<args> = what it does`). */
  usage: string;
  /** Runs the command with the words after its name. */
  run(s: CliSession, args: string[]): Promise<void>;
}

/** A command that sends `CTRL args...` and prints the reply. */
function simple(name: string, usage: string, ctrl = name.toUpperCase()): CliCommand {
  return {
    name,
    usage,
    run: (s, args) => s.command([ctrl, ...args].join(" ")),
  };
}

/** A command that sends exactly `CTRL` (arguments are ignored, as hostapd_cli does). */
function bare(name: string, usage: string, ctrl = name.toUpperCase()): CliCommand {
  return { name, usage, run: (s) => s.command(ctrl) };
}

/** A command that sends `CTRL` plus at most `max` arguments, after `min` are present. */
function counted(
  name: string,
  usage: string,
  min: number,
  max: number,
  tooFew: string,
  ctrl = name.toUpperCase(),
): CliCommand {
  return {
    name,
    usage,
    run: (s, args) => {
      if (args.length < min) {
        s.print(tooFew);
        return Promise.resolve();
      }
      return s.command([ctrl, ...args.slice(0, max)].join(" "));
    },
  };
}

/** hostapd_cli's STA-FIRST / STA-NEXT walk; stops on FAIL (not printed) or an error. */
async function walkStations(s: CliSession, print: boolean, each: (addr: string) => void) {
  let reply = await s.request("STA-FIRST", false);
  for (let guard = 0; reply !== null && guard < 100_000; guard++) {
    if (reply.startsWith("FAIL") || reply.startsWith("UNKNOWN COMMAND")) return;
    if (print) s.print(reply);
    const nl = reply.indexOf("\n");
    const addr = nl < 0 ? reply : reply.slice(0, nl);
    each(addr);
    reply = await s.request(`STA-NEXT ${addr}`, false);
  }
}

function toHexText(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** Every command, in hostapd_cli 2.10's order. */
export const COMMANDS: readonly CliCommand[] = [
  bare("ping", "= check that the daemon answers"),
  simple("mib", "= show the MIB variables"),
  bare("relog", "= reopen the debug log file"),
  {
    name: "status",
    usage: "= show the interface status",
    run: (s, args) => s.command(args[0] === "driver" ? "STATUS-DRIVER" : "STATUS"),
  },
  counted(
    "sta",
    "<addr> = show one station",
    1,
    2,
    "Invalid 'sta' command - at least one argument, STA address, is required.\n",
  ),
  {
    name: "all_sta",
    usage: "= show every station",
    run: (s) => walkStations(s, true, () => {}),
  },
  {
    name: "list_sta",
    usage: "= list the station addresses",
    run: (s) => walkStations(s, false, (a) => a && s.print(`${a}\n`)),
  },
  simple("new_sta", "<addr> = add a station"),
  simple("deauthenticate", "<addr> = deauthenticate a station"),
  simple("disassociate", "<addr> = disassociate a station"),
  {
    name: "sa_query",
    usage: "<addr> = send an SA Query to a station",
    run: (s, args) => {
      if (args.length !== 1) {
        s.print(
          "Invalid 'sa_query' command - exactly one argument, STA address, is required.\n",
        );
        return Promise.resolve();
      }
      return s.command(`SA_QUERY ${args[0]}`);
    },
  },
  counted(
    "wps_pin",
    "<uuid|any> <pin> [timeout] [addr] = authorize an Enrollee PIN",
    2,
    4,
    "Invalid 'wps_pin' command - at least two arguments, UUID and PIN, are required.\n",
  ),
  {
    name: "wps_check_pin",
    usage: "<pin> = check a PIN's checksum",
    run: (s, args) => {
      if (args.length !== 1 && args.length !== 2) {
        s.print("Invalid WPS_CHECK_PIN command: needs one argument:\n- PIN to be verified\n");
        return Promise.resolve();
      }
      return s.command(["WPS_CHECK_PIN", ...args].join(" "));
    },
  },
  bare("wps_pbc", "= push the virtual button"),
  bare("wps_cancel", "= cancel the running WPS operation"),
  simple("wps_nfc_tag_read", "<hex> = process a read NFC tag"),
  simple("wps_nfc_config_token", "<WPS|NDEF> = build an NFC configuration token"),
  simple("wps_nfc_token", "<WPS|NDEF|enable|disable> = manage the NFC password token"),
  counted(
    "wps_ap_pin",
    "<disable|random [t]|get|set <pin> [t]> = manage the AP PIN",
    1,
    3,
    "Invalid 'wps_ap_pin' command - at least one argument is required.\n",
  ),
  {
    name: "wps_config",
    usage: "<ssid> <auth> [encr] [key] = set new AP settings",
    run: (s, args) => {
      if (args.length < 2) {
        s.print("Invalid 'wps_config' command - at least two arguments are required.\n");
        return Promise.resolve();
      }
      const [ssid, auth, encr, key] = args;
      const parts = ["WPS_CONFIG", toHexText(ssid!), auth!];
      if (encr !== undefined) parts.push(encr);
      if (key !== undefined) parts.push(toHexText(key));
      return s.command(parts.join(" "));
    },
  },
  bare("wps_get_status", "= show the PBC status and the last WPS result"),
  simple("disassoc_imminent", "<addr> <timer> = announce a disassociation"),
  simple("ess_disassoc", "<addr> <timer> <url> = announce an ESS disassociation"),
  simple("bss_tm_req", "<addr> [params] = send a BSS Transition Management Request"),
  bare("get_config", "= show the current configuration"),
  {
    name: "help",
    usage: "[command] = show this usage",
    run: (s, args) => Promise.resolve(s.help(args[0])),
  },
  {
    name: "interface",
    usage: "[ifname] = list interfaces or switch to one",
    run: (s, args) => args[0] === undefined ? s.listInterfaces() : s.selectInterface(args[0]),
  },
  simple("fst", "<params> = send an FST-MANAGER command"),
  {
    name: "raw",
    usage: "<command> [args] = send a command unchanged",
    run: (s, args) => args.length === 0 ? Promise.resolve() : s.command(args.join(" ")),
  },
  counted("level", "<level> = set the event level of this session", 1, 1, ""),
  {
    name: "license",
    usage: "= show the license",
    run: (s) => Promise.resolve(s.print("tsapd is free software; see its README.\n")),
  },
  {
    name: "quit",
    usage: "= leave interactive mode",
    run: (s) => Promise.resolve(s.quit()),
  },
  simple("set", "<name> <value> = set a runtime variable"),
  simple("get", "<name> = show a runtime value"),
  simple("set_qos_map_set", "<list> = set the QoS Map Set element"),
  simple("send_qos_map_conf", "<addr> = send a QoS Map Configure frame"),
  simple("chan_switch", "<count> <freq> [params] = announce a channel switch"),
  simple("hs20_wnm_notif", "<addr> <url> = send a subscription remediation notice"),
  simple("hs20_deauth_req", "<addr> <code> <delay> [url] = send an imminent deauth notice"),
  simple("vendor", "<oui> <cmd> [hex] = send a vendor driver command"),
  bare("enable", "= enable the interface"),
  bare("reload", "= reload the interface configuration"),
  bare("disable", "= disable the interface"),
  bare("update_beacon", "= rebuild the Beacon frame"),
  bare("erp_flush", "= drop every ERP key"),
  simple("log_level", "[level] = show or change the debug level"),
  bare("pmksa", "= show the PMKSA cache"),
  bare("pmksa_flush", "= flush the PMKSA cache"),
  simple("set_neighbor", "<addr> <ssid=> <nr=> [params] = add a neighbor AP"),
  bare("show_neighbor", "= show the neighbor database"),
  simple("remove_neighbor", "<addr> [ssid=<hex>] = remove a neighbor AP"),
  simple("req_lci", "<addr> = request LCI from a station"),
  simple("req_range", "<params> = request an FTM range"),
  bare("driver_flags", "= show the driver flags"),
  simple("dpp_qr_code", "<uri> = report a scanned DPP URI"),
  simple("dpp_bootstrap_gen", "<params> = generate DPP bootstrap information"),
  simple("dpp_bootstrap_remove", "<*|id> = remove DPP bootstrap information"),
  simple("dpp_bootstrap_get_uri", "<id> = show a DPP bootstrap URI"),
  simple("dpp_bootstrap_info", "<id> = show DPP bootstrap information"),
  simple("dpp_bootstrap_set", "<id> [params] = set DPP bootstrap parameters"),
  simple("dpp_auth_init", "peer=<id> [params] = start DPP authentication"),
  simple("dpp_listen", "<freq> = start DPP listen"),
  bare("dpp_stop_listen", "= stop DPP listen"),
  simple("dpp_configurator_add", "[params] = add a DPP configurator"),
  simple("dpp_configurator_remove", "<*|id> = remove a DPP configurator"),
  simple("dpp_configurator_get_key", "<id> = show a DPP configurator key"),
  simple("dpp_configurator_sign", "<params> = sign a DPP configuration"),
  simple("dpp_pkex_add", "<params> = add a PKEX code"),
  simple("dpp_pkex_remove", "<*|id> = remove a PKEX code"),
  simple("dpp_controller_start", "[params] = start the DPP controller"),
  bare("dpp_controller_stop", "= stop the DPP controller"),
  simple("dpp_chirp", "<params> = start DPP chirping"),
  bare("dpp_stop_chirp", "= stop DPP chirping"),
  simple("accept_acl", "<ADD_MAC|DEL_MAC|SHOW|CLEAR> [addr] = edit the accept list"),
  simple("deny_acl", "<ADD_MAC|DEL_MAC|SHOW|CLEAR> [addr] = edit the deny list"),
  simple("poll_sta", "<addr> = poll a station"),
  simple("req_beacon", "<addr> [params] <hex> = request a Beacon report"),
  bare("reload_wpa_psk", "= reload wpa_psk_file"),
];

/** The result of looking a typed word up in {@link COMMANDS}. */
export type CommandMatch =
  | { kind: "one"; command: CliCommand }
  | { kind: "ambiguous"; names: string[] }
  | { kind: "none" };

/**
 * Finds the command for `word`: an exact (case-insensitive) name wins, else a unique prefix.
 *
 * @param word what the user typed
 * @returns the match
 */
export function findCommand(word: string): CommandMatch {
  const w = word.toLowerCase();
  const hits = COMMANDS.filter((c) => c.name.startsWith(w));
  const exact = hits.find((c) => c.name === w);
  if (exact) return { kind: "one", command: exact };
  if (hits.length === 1) return { kind: "one", command: hits[0]! };
  if (hits.length === 0) return { kind: "none" };
  return { kind: "ambiguous", names: hits.map((c) => c.name) };
}

/** Lines that may carry secrets are kept out of the history file. */
export function isSensitive(line: string): boolean {
  return /^\s*(wps_pin|wps_ap_pin|wps_config|set|raw\s+(WPS_PIN|WPS_AP_PIN|WPS_CONFIG|SET))\b/i
    .test(line);
}
