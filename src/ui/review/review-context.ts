// The review page's one store and the hook to read it.
import { useStore } from 'zustand';
import { createQueueStore, type QueueActions, type QueueState } from './queue-store.ts';

export const queueStore = createQueueStore();

export function useQueue<T>(select: (s: QueueState & QueueActions) => T): T {
  return useStore(queueStore, select);
}
