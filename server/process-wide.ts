// State that must exist once per process. Next.js bundles route handlers, pages and the app's
// start-up apart, so one module can be loaded more than once in one process, each copy with its
// own module-level variables: a step run from a request (processing on intake, a sign-off) would
// then not see what the workers' copy set, and a save in one copy would not reach the other's
// caches. Such state lives on globalThis under a registered symbol instead.
export function processWide<T>(name: string, init: () => T): T {
  const g = globalThis as { [key: symbol]: unknown };
  const key = Symbol.for(`octoflow.${name}`);
  if (!(key in g)) g[key] = init();
  return g[key] as T;
}
