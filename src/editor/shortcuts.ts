// Keyboard shortcuts written as "mod+shift+z", "ctrl+y", "[", "b". `mod` is Ctrl or Cmd.
// Shift is compared for letters and named keys ("delete", "enter"): for symbols it is part of
// how the key is typed ("+").

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Splits "mod+shift+z" into modifiers and key; the key itself may be "+". */
function parse(shortcut: string): { mods: string[]; key: string } {
  const key = shortcut.endsWith('+') ? '+' : shortcut.slice(shortcut.lastIndexOf('+') + 1);
  const rest = shortcut.slice(0, shortcut.length - key.length);
  return {
    mods: rest
      .split('+')
      .filter(Boolean)
      .map((m) => m.toLowerCase()),
    key: key.toLowerCase(),
  };
}

export function matchesShortcut(e: KeyLike, shortcut: string): boolean {
  const { mods, key } = parse(shortcut);
  const want = new Set(mods);
  const pressed = e.key.toLowerCase();
  if (pressed !== key) return false;
  const mod = e.ctrlKey || e.metaKey;
  if (want.has('mod') !== mod && !want.has('ctrl')) return false;
  if (want.has('ctrl') && !e.ctrlKey) return false;
  if (!want.has('mod') && !want.has('ctrl') && mod) return false;
  if (want.has('alt') !== e.altKey) return false;
  if ((/^[a-z]$/.test(key) || key.length > 1) && want.has('shift') !== e.shiftKey) return false;
  return true;
}

/** Human form for tooltips: "Ctrl+Shift+Z" (or with ⌘ on a Mac). */
export function describeShortcut(shortcut: string, mac = false): string {
  const { mods, key } = parse(shortcut);
  const word = (p: string) => (p === 'mod' ? (mac ? '⌘' : 'Ctrl') : p.length === 1 ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1));
  return [...mods, key].map(word).join('+');
}
