// The inpainting engines the operator can pick for Remove, with whether this host has each
// one's model and, when not, how to install it (the registry names file and source).
import { MODELS } from '../../ops/models.ts';
import type { EngineSetting } from '../slices/settings.ts';

export interface EngineChoice {
  id: EngineSetting;
  label: string;
  /** False when its model file is not installed; the picker disables it. */
  available: boolean;
  /** How to install it, for unavailable ones. */
  install?: string;
}

function neural(id: 'migan' | 'lama', label: string, installed: Record<string, boolean> | null): EngineChoice {
  const entry = MODELS.find((m) => m.id === id);
  const available = !!installed?.[id];
  const install = entry
    ? `Download ${entry.file} from ${entry.upstream}, then run "npm run models -- --from <its folder>" on the server and reload.`
    : undefined;
  return { id, label, available, ...(available ? {} : { install }) };
}

export function engineChoices(installed: Record<string, boolean> | null): EngineChoice[] {
  return [
    { id: 'auto', label: 'Auto (best installed)', available: true },
    { id: 'patchmatch', label: 'PatchMatch (built in)', available: true },
    neural('migan', 'MI-GAN', installed),
    neural('lama', 'LaMa', installed),
  ];
}
