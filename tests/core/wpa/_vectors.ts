/**
 * Loads tests/fixtures/wpa/vectors.json: independent-implementation vectors computed by
 * tests/fixtures/wpa/gen_vectors.py (Python hashlib/hmac only), not captured from hostapd.
 *
 * @module
 */

/** The handshake vector set. */
export interface HandshakeVector {
  passphrase: string;
  ssid: string;
  pmk: string;
  aa: string;
  spa: string;
  anonce: string;
  snonce: string;
  kck: string;
  kek: string;
  tk: string;
  sha256_kck: string;
  sha256_kek: string;
  sha256_tk: string;
  rsne: string;
  msg2: string;
  msg4: string;
}

/** The whole fixture. */
export interface WpaVectors {
  pbkdf2: { passphrase: string; ssid: string; psk: string }[];
  prf: { key: string; label: string; data: string; length: number; output: string }[];
  handshake: HandshakeVector;
}

/** Reads the fixture (tests run with --allow-read). */
export function loadVectors(): WpaVectors {
  const url = new URL("../../fixtures/wpa/vectors.json", import.meta.url);
  return JSON.parse(Deno.readTextFileSync(url)) as WpaVectors;
}
