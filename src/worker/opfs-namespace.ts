// Namespaces of the kept-pixels stash on disk (opfs-stash.ts): one per page load. The page holds
// a Web Lock named after its namespace for as long as it lives, so a worker can tell the folders
// of page loads that are gone (nobody holds their lock) from those of other open tabs.

/** The Web Lock a page holds while its stash namespace is in use. */
export const stashLockName = (namespace: string) => `cleanplate-kept-pixels:${namespace}`;

let namespace: string | null | undefined;

/** This page load's namespace (its lock taken on the first call); null where Web Locks are missing. */
export function pageStashNamespace(): string | null {
  if (namespace === undefined) {
    const locks = globalThis.navigator?.locks;
    namespace = locks ? `${Date.now().toString(36)}-${crypto.randomUUID()}` : null;
    if (locks && namespace) void locks.request(stashLockName(namespace), () => new Promise<never>(() => {})); // held until the page goes
  }
  return namespace;
}
