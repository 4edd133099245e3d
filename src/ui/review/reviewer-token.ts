// The reviewer's token, kept for this tab only (sessionStorage): the queue and the editor it
// opens jobs in share it; closing the tab forgets it.
const KEY = 'cleanplate.reviewer-token';

export function savedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage refused (private mode): the token lives as long as the page
  }
}
