// Whether the side panel is drawn over the photo on a narrow window (styles.css: at 900 px and
// less the panel has no column of its own). Presentation only: nothing in the document or
// the editor's state depends on it, so it lives beside the components, not in the store.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

interface PanelDrawer {
  open: boolean;
}

export const panelDrawer = createStore<PanelDrawer>()(() => ({ open: false }));

export const usePanelOpen = () => useStore(panelDrawer, (s) => s.open);
export const togglePanel = () => panelDrawer.setState((s) => ({ open: !s.open }));
export const closePanel = () => panelDrawer.setState({ open: false });
