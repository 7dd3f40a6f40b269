import { equal, ok } from "node:assert/strict";
import { fromHex, randomBytes, toHex } from "../../../core/bytes.ts";
import {
  DH_GROUP5_PRIME,
  DH_PRIVATE_LENGTH,
  generateDhKeyPair,
  isDhPublicKeyInRange,
  isInPrimeOrderSubgroupSlow,
  isValidDhPublicKey,
  jacobiSymbol,
} from "../../../core/wps/dh.ts";

Deno.test("isValidDhPublicKey() agrees with y^q mod p on random residues and non-residues", () => {
  let rejected = 0;
  for (let i = 0; i < 40; i++) {
    const y = randomBytes(192);
    y[0] = y[0]! & 0x7f; // below p
    const fast = isValidDhPublicKey(y);
    equal(fast, isInPrimeOrderSubgroupSlow(y), `disagree on ${i}`);
    if (!fast) rejected++;
  }
  // About half of all values are non-residues; both branches must have been taken.
  ok(rejected > 5 && rejected < 35, `rejected ${rejected} of 40`);
});

Deno.test("isValidDhPublicKey() accepts generated public keys and rejects p-1, 0 and 1", () => {
  for (let i = 0; i < 5; i++) ok(isValidDhPublicKey(generateDhKeyPair().publicKey));
  const pMinus1 = DH_GROUP5_PRIME.slice();
  pMinus1[191] = pMinus1[191]! - 1;
  equal(isValidDhPublicKey(pMinus1), false);
  equal(isValidDhPublicKey(new Uint8Array(192)), false);
  const one = new Uint8Array(192);
  one[191] = 1;
  equal(isValidDhPublicKey(one), false);
});

Deno.test("jacobiSymbol() matches known small values", () => {
  // (a/7) for a = 1..6: 1, 1, -1, 1, -1, -1 (quadratic residues mod 7 are 1, 2, 4).
  const want = [1, 1, -1, 1, -1, -1];
  want.forEach((w, i) => equal(jacobiSymbol(BigInt(i + 1), 7n), w));
  equal(jacobiSymbol(21n, 7n), 0);
});

Deno.test("generateDhKeyPair() draws a fresh 256-bit exponent every time", () => {
  const a = generateDhKeyPair();
  const b = generateDhKeyPair();
  equal(a.privateKey.length, DH_PRIVATE_LENGTH);
  ok(a.privateKey.some((x, i) => x !== b.privateKey[i]));
  ok(a.publicKey.some((x, i) => x !== b.publicKey[i]));
});

Deno.test("isDhPublicKeyInRange() is 1 < y < p − 1 on the bytes, for 190 to 192 of them", () => {
  const big = (b: Uint8Array) => BigInt("0x" + (b.length ? toHex(b) : "0"));
  const p = big(DH_GROUP5_PRIME);
  const edges = [0n, 1n, 2n, 255n, 256n, p - 3n, p - 2n, p - 1n, p, p + 1n, (1n << 1536n) - 1n];
  for (const v of edges) {
    const y = fromHex(v.toString(16).padStart(384, "0"));
    equal(isDhPublicKeyInRange(y), v > 1n && v < p - 1n, `y = ${v.toString(16)}`);
  }
  for (let i = 0; i < 200; i++) {
    const y = randomBytes(190 + (i % 3));
    if (i % 4 === 0) y.fill(0, 0, y.length - 1);
    if (i % 5 === 0) y.set(DH_GROUP5_PRIME.subarray(0, 190), 0);
    equal(isDhPublicKeyInRange(y), big(y) > 1n && big(y) < p - 1n, toHex(y));
  }
  equal(isDhPublicKeyInRange(new Uint8Array(189).fill(7)), false, "too short");
  equal(isDhPublicKeyInRange(new Uint8Array(193).fill(7)), false, "too long");
});
