// Paths come from manifests and bundles that may be hostile: they resolve relative to the
// manifest's folder (or the bundle's root) and must never leave it, on any OS.

/** Why `path` is not a safe relative path, or null when it is. */
export function relativePathProblem(path: string): string | null {
  if (path.length === 0) return 'must not be empty';
  if (path.length > 255) return 'must be at most 255 characters';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f]/.test(path)) return 'must not contain control characters';
  if (path.includes('\\')) return `must use "/" separators, not backslashes ("${path}")`;
  if (/^[A-Za-z]:/.test(path)) return `must be relative to the manifest's folder, not a drive path ("${path}")`;
  if (path.startsWith('/')) return `must be relative to the manifest's folder, not absolute ("${path}")`;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return `must be a file path, not a URL ("${path}")`;
  if (path.split('/').some((s) => s === '..')) return `must stay inside the manifest's folder ("${path}" uses "..")`;
  return null;
}

/** Why `path` is not an acceptable mask path (a safe relative path to a PNG), or null. */
export function maskPathProblem(path: string): string | null {
  return relativePathProblem(path) ?? (/\.png$/i.test(path) ? null : `must name a PNG file ("${path}")`);
}
