/**
 * Opening an optional native library the checked way: the first of several names that loads,
 * builds what the daemon wants of it and gives known answers wins; a library that fails is
 * closed again and the caller keeps its fallback.
 *
 * @module
 */

/**
 * Opens the first of `names` that loads and whose `build` result passes `check`.
 *
 * @param names library names to try, in order
 * @param symbols the symbols to bind
 * @param build makes the value from the bound symbols (may throw: the library is then skipped)
 * @param check known-answer test of the value
 * @returns the value, or null when no library loads and passes
 */
export function loadFirstPassing<S extends Deno.ForeignLibraryInterface, T>(
  names: readonly string[],
  symbols: S,
  build: (sym: Deno.DynamicLibrary<S>["symbols"], name: string) => T,
  check: (value: T) => boolean,
): T | null {
  for (const name of names) {
    let lib: Deno.DynamicLibrary<S>;
    try {
      lib = Deno.dlopen(name, symbols);
    } catch {
      continue;
    }
    try {
      const value = build(lib.symbols, name);
      if (check(value)) return value;
    } catch {
      // A missing or failing symbol disqualifies the library like a wrong answer does.
    }
    lib.close();
  }
  return null;
}
