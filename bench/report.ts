// Shape of a benchmark's result: rows of named measurements plus checks against targets.
export interface BenchRow {
  case: string;
  [metric: string]: string | number | null;
}

export interface BenchTarget {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchReport {
  rows: BenchRow[];
  targets: BenchTarget[];
  notes?: string[];
}

export function printReport(r: BenchReport): void {
  if (r.rows.length) console.table(r.rows);
  for (const t of r.targets) console.log(`${t.met ? 'MET ' : 'MISS'}  ${t.what}: ${t.measured} (target ${t.target})`);
  for (const n of r.notes ?? []) console.log(`note: ${n}`);
}

/** Median of a list of numbers (ms). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
