// Opening by dropping a file anywhere on the window or pasting an image from the clipboard.
import { useEffect, useState } from 'react';
import { openFile } from '../editor/actions.ts';
import { importFiles, wantsImport } from '../editor/importer.ts';
import { editorStore } from './editor-context.ts';
import { listen } from './listen.ts';

const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');

function openFirst(files: File[], how: string): void {
  const s = editorStore.getState();
  if (files.length === 0) {
    s.notify('error', `Nothing to open from the ${how}.`, 'It holds no file. Copy or drag an image file (JPEG, PNG, WebP…).');
    return;
  }
  if (wantsImport(files)) return void importFiles(editorStore, files); // a bundle, or a manifest with its image
  if (files.length > 1) s.notify('info', `Opened the first of ${files.length} files.`, 'The editor works on one image at a time.');
  void openFile(editorStore, files[0]);
}

/** Returns whether a file is being dragged over the window. */
export function useFileDrop(): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (hasFiles(e)) {
        depth++;
        setOver(true);
      }
    };
    const overHandler = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (hasFiles(e) && --depth <= 0) {
        depth = 0;
        setOver(false);
      }
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setOver(false);
      if (!e.dataTransfer) return;
      e.preventDefault();
      openFirst([...e.dataTransfer.files], 'drop');
    };
    // On Linux, releasing the middle button pastes the primary selection: that is a pan
    // ending, not the user pasting, so a paste within the release's own task is ignored.
    let middleRelease = false;
    const pointerUp = (e: PointerEvent) => {
      if (e.button !== 1) return;
      middleRelease = true;
      setTimeout(() => (middleRelease = false));
    };
    const paste = (e: ClipboardEvent) => {
      if (middleRelease) return;
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) return;
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length === 0 && !e.clipboardData?.types.includes('Files')) {
        editorStore.getState().notify('info', 'The clipboard holds no image.', 'Copy an image (or an image file) and paste again.');
        return;
      }
      e.preventDefault();
      openFirst(files, 'clipboard');
    };
    const stop = listen(window, { dragenter: enter, dragover: overHandler, dragleave: leave, drop, paste });
    const stopUp = listen(window, { pointerup: pointerUp }, { capture: true });
    return () => {
      stop();
      stopUp();
    };
  }, []);
  return over;
}
