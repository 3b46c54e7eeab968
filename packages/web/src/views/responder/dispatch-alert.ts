/**
 * The incoming-dispatch alert: a beep through WebAudio and a vibration where the device has
 * one. Browsers let a page make sound only after a user gesture, so the responder view asks
 * once ("tap to enable alerts") and calls `unlock()` from that tap; until then `play()` only
 * vibrates (vibration needs no gesture on Android, and iOS has none to give).
 */
export interface AlertEnvironment {
  createAudioContext?: () => AudioContextLike;
  vibrate?: (pattern: number[]) => boolean;
}

/** The part of AudioContext the alert uses (a fake in tests). */
export interface AudioContextLike {
  readonly state: string;
  readonly currentTime: number;
  readonly destination: unknown;
  resume(): Promise<void>;
  createOscillator(): {
    type: string;
    frequency: { value: number };
    connect(node: unknown): unknown;
    start(when?: number): void;
    stop(when?: number): void;
  };
  createGain(): {
    gain: {
      value: number;
      setValueAtTime(value: number, at: number): unknown;
      linearRampToValueAtTime(value: number, at: number): unknown;
    };
    connect(node: unknown): unknown;
  };
}

/** Three rising beeps: unmistakable over street noise, short enough not to annoy. */
const BEEPS: readonly { at: number; hz: number }[] = [
  { at: 0, hz: 880 },
  { at: 0.28, hz: 988 },
  { at: 0.56, hz: 1175 },
];
const BEEP_SECONDS = 0.2;
export const VIBRATION_PATTERN = [300, 120, 300, 120, 600];

function browserEnvironment(): AlertEnvironment {
  const AudioContextClass =
    typeof window === 'undefined'
      ? undefined
      : (window.AudioContext ??
        // Cast: Safari's prefixed constructor is not in the DOM types.
        (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext);
  const vibrate =
    typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function'
      ? (pattern: number[]) => navigator.vibrate(pattern)
      : undefined;
  return {
    createAudioContext: AudioContextClass
      ? // Cast: the DOM AudioContext is wider than the small interface the alert uses.
        () => new AudioContextClass() as unknown as AudioContextLike
      : undefined,
    vibrate,
  };
}

export class DispatchAlert {
  private context: AudioContextLike | undefined;
  private readonly env: AlertEnvironment;

  constructor(env: AlertEnvironment = browserEnvironment()) {
    this.env = env;
  }

  /** True once sound has been unlocked by a user gesture. */
  get soundEnabled(): boolean {
    return this.context !== undefined && this.context.state === 'running';
  }

  get canSound(): boolean {
    return this.env.createAudioContext !== undefined;
  }

  get canVibrate(): boolean {
    return this.env.vibrate !== undefined;
  }

  /** Call from a click/tap handler: creates or resumes the audio context, with a short chirp. */
  async unlock(): Promise<boolean> {
    if (!this.env.createAudioContext) return false;
    try {
      this.context ??= this.env.createAudioContext();
      if (this.context.state !== 'running') await this.context.resume();
      this.tone(0, 660, 0.08, 0.15);
      return this.context.state === 'running';
    } catch {
      return false;
    }
  }

  /** The alert itself: beeps if unlocked, vibration if the device can. What actually happened. */
  play(): { sound: boolean; vibration: boolean } {
    let sound = false;
    if (this.soundEnabled) {
      for (const beep of BEEPS) this.tone(beep.at, beep.hz, BEEP_SECONDS, 0.35);
      sound = true;
    }
    let vibration = false;
    try {
      vibration = this.env.vibrate?.(VIBRATION_PATTERN) ?? false;
    } catch {
      vibration = false;
    }
    return { sound, vibration };
  }

  private tone(offset: number, hz: number, seconds: number, volume: number): void {
    const context = this.context;
    if (!context) return;
    const start = context.currentTime + offset;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = hz;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(volume, start + 0.01);
    gain.gain.linearRampToValueAtTime(0, start + seconds);
    oscillator.connect(gain);
    gain.connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + seconds + 0.02);
  }
}
