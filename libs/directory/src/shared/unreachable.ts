/** The `never` check that closes every exhaustive switch over event and command types. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
