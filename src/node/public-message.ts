// Messages that leave the server never show its file system: absolute paths become the file's
// name. (Callers still learn which of their files is at fault, by the name they gave it.)
import { basename } from 'node:path';

const ABSOLUTE_PATH = /(?<![\w:/.%-])(?:\/[\w.@+=,-]+){2,}\/?/g;

export function publicMessage(message: string, folders: string[] = []): string {
  let text = message;
  for (const folder of folders) text = text.split(`${folder}/`).join('');
  return text.replace(ABSOLUTE_PATH, (path) => basename(path));
}
