import { describe, expect, it, vi } from 'vitest';
import { DispatchAlert, VIBRATION_PATTERN, type AudioContextLike } from './dispatch-alert.ts';

function fakeAudio() {
  const tones: number[] = [];
  let state = 'suspended';
  const node = () => ({ connect: () => undefined });
  const context: AudioContextLike = {
    get state() {
      return state;
    },
    currentTime: 0,
    destination: {},
    resume: async () => {
      state = 'running';
    },
    createOscillator: () => ({
      ...node(),
      type: 'sine',
      frequency: {
        set value(hz: number) {
          tones.push(hz);
        },
        get value() {
          return 0;
        },
      },
      start: () => undefined,
      stop: () => undefined,
    }),
    createGain: () => ({
      ...node(),
      gain: { value: 1, setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined },
    }),
  };
  return { context, tones };
}

describe('DispatchAlert', () => {
  it('only vibrates until a gesture unlocked the sound, then beeps too', async () => {
    const audio = fakeAudio();
    const vibrate = vi.fn(() => true);
    const alert = new DispatchAlert({ createAudioContext: () => audio.context, vibrate });
    expect(alert.play()).toEqual({ sound: false, vibration: true });
    expect(vibrate).toHaveBeenCalledWith(VIBRATION_PATTERN);
    expect(audio.tones).toEqual([]);
    expect(await alert.unlock()).toBe(true);
    expect(alert.soundEnabled).toBe(true);
    audio.tones.length = 0;
    expect(alert.play()).toEqual({ sound: true, vibration: true });
    expect(audio.tones).toEqual([880, 988, 1175]);
  });

  it('does without sound or vibration where the browser has neither', async () => {
    const alert = new DispatchAlert({});
    expect(alert.canSound).toBe(false);
    expect(alert.canVibrate).toBe(false);
    expect(await alert.unlock()).toBe(false);
    expect(alert.play()).toEqual({ sound: false, vibration: false });
  });
});
