// glibc's malloc settings for cleanplate's processes. By default glibc gives freed memory back
// to the kernel as soon as a few hundred kB lie free at the top of its heap, and serves each
// buffer over a threshold (128 kB at first) with a fresh mapping: every detector pass and fill
// then touches new pages again, and on virtual machines that fault pages in from the host a
// fault costs microseconds (~6 us each on the project's 2-core machines). A remove-text on a
// 960x600 photo made ~90k faults; with the heap kept (trim threshold 256 MB) and buffers up to
// 32 MB taken from it, ~50k, and the whole process ran 16% faster (`npm run bench -- text`
// measures it; peak RSS unchanged). The two settings go together: setting either one alone
// turns off glibc's adaptive thresholds and made it slower (trim alone: 2.4x the time).
// One arena for all threads: onnxruntime's and libvips' threads otherwise allocate in arenas
// of their own, whose memory the main thread cannot reuse, and how much each held depended
// on timing: a remove-text's peak RSS varied 257-322 MB from run to run. With one arena it
// measured 247 MB median, 284 MB at most, against 265 and 303 (12 runs each, interleaved);
// time unchanged (two threads per process here, and glibc's per-thread caches take most
// small allocations without the arena's lock).
// Transparent huge pages for malloc's memory (hugetlb=1: glibc marks its heap MADV_HUGEPAGE,
// which kernels set to THP "madvise", the default of many distributions, honour): a fresh
// process touches ~120 MB of new heap in a text detection, 30k faults of 4 kB each; in 2 MB
// pages a few hundred. `cleanplate detect` on a 960x600 photo took 1.04 s against 1.24 s,
// `remove-text` 2.57 against 2.89 s (8 and 10 runs, interleaved), same outputs. Huge pages
// make partly used heap count whole: onnxruntime's one block per run for all of a run's
// buffers (its "memory pattern") pushed a remove-text's peak RSS to 314 MB, so the Node
// sessions plan no such block (runtime/ort-node.ts): 284 MB at most. Where THP is off, or
// with another C library, the setting does nothing.
// glibc reads GLIBC_TUNABLES only when a process starts, so the `cleanplate` command sets
// them before Node starts (bin/cleanplate, a shell script), the JavaScript launcher run
// directly starts itself again with them (bin/cleanplate.js), and the job server passes them
// to its workers. Other C
// libraries ignore the variable. A user's own glibc.malloc settings are left as they are.

export const MALLOC_TUNABLES =
  'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432:glibc.malloc.arena_max=1:glibc.malloc.hugetlb=1';

/** Whether `env` already sets glibc's malloc tunables (ours, or the user's own). */
export function hasMallocTunables(env) {
  return /(^|:)glibc\.malloc\./.test(env.GLIBC_TUNABLES ?? '');
}

/** `env` with MALLOC_TUNABLES added to its GLIBC_TUNABLES, unless it sets malloc tunables already. */
export function withMallocTunables(env) {
  if (hasMallocTunables(env)) return env;
  return { ...env, GLIBC_TUNABLES: env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:${MALLOC_TUNABLES}` : MALLOC_TUNABLES };
}
