import type { MessageKey } from '../i18n/messages.ts';

export interface Shortcut {
  /** Unique id (re-registering an id replaces the earlier one). */
  id: string;
  /** e.g. `?`, `Escape`, `a`, `Enter`, `Ctrl+K`, `Alt+L`, `Shift+F2` (see `comboOf`). */
  keys: string;
  /** What it does, for the help overlay. */
  description: MessageKey;
  /** The heading it is listed under in the help overlay, e.g. 'keyboard.group.map'. */
  group: MessageKey;
  run: (event: KeyboardEvent) => void;
  /** Also fires while typing in a text field (Escape, Ctrl+Enter…). Default false. */
  inTextFields?: boolean;
  /** Listed in the help overlay (default true). */
  listed?: boolean;
}

const MODIFIERS = ['Ctrl', 'Alt', 'Meta', 'Shift'] as const;

/**
 * The combo a key event stands for, in the registry's notation: modifiers in a fixed order,
 * then the key. Shift is left out for printable characters (it is already in the character:
 * Shift+/ arrives as `?`); letters are lower-case.
 */
export function comboOf(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>,
): string {
  const printable = event.key.length === 1;
  const key = printable ? event.key.toLowerCase() : event.key;
  const parts: string[] = [];
  if (event.ctrlKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  if (event.metaKey) parts.push('Meta');
  if (event.shiftKey && !printable) parts.push('Shift');
  parts.push(key === ' ' ? 'Space' : key);
  return parts.join('+');
}

/** `Ctrl+k` / `ctrl+K` / `K` → the notation comboOf produces. */
export function normaliseKeys(keys: string): string {
  const parts = keys.split('+');
  // A literal '+' key: "Ctrl++" splits into ['Ctrl', '', ''].
  const key = keys.endsWith('++') || keys === '+' ? '+' : parts[parts.length - 1];
  const modifiers = parts
    .slice(0, key === '+' && keys !== '+' ? -2 : -1)
    .map((m) => MODIFIERS.find((known) => known.toLowerCase() === m.toLowerCase()) ?? m);
  const printable = key.length === 1;
  const ordered = MODIFIERS.filter((m) => modifiers.includes(m) && !(m === 'Shift' && printable));
  return [...ordered, printable ? key.toLowerCase() : key].join('+');
}

function isTextField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (element as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(type);
}

/**
 * All keyboard shortcuts of the console, one keydown listener for all. Views register theirs
 * while mounted (useShortcut); the latest registration of a combo wins, so a dialog's Escape
 * shadows the page's. The help overlay lists what is registered right now.
 */
export class ShortcutRegistry {
  private readonly shortcuts: Shortcut[] = [];
  private readonly listeners = new Set<() => void>();
  private version = 0;

  register(shortcut: Shortcut): () => void {
    const entry = { ...shortcut, keys: normaliseKeys(shortcut.keys) };
    const existing = this.shortcuts.findIndex((s) => s.id === shortcut.id);
    if (existing >= 0) this.shortcuts.splice(existing, 1);
    this.shortcuts.push(entry);
    this.changed();
    return () => {
      const index = this.shortcuts.indexOf(entry);
      if (index >= 0) {
        this.shortcuts.splice(index, 1);
        this.changed();
      }
    };
  }

  /** Runs the shortcut for this event, if any; true when one ran (the event is then consumed). */
  handle(event: KeyboardEvent): boolean {
    if (event.defaultPrevented || event.isComposing) return false;
    const combo = comboOf(event);
    const inTextField = isTextField(event.target);
    for (let i = this.shortcuts.length - 1; i >= 0; i--) {
      const shortcut = this.shortcuts[i];
      if (shortcut.keys !== combo) continue;
      if (inTextField && !shortcut.inTextFields) return false;
      event.preventDefault();
      shortcut.run(event);
      return true;
    }
    return false;
  }

  /** Listens on a window or document; returns the function that stops listening. */
  attach(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
    const listener = (event: Event) => this.handle(event as KeyboardEvent);
    target.addEventListener('keydown', listener);
    return () => target.removeEventListener('keydown', listener);
  }

  /** What the help overlay shows: one entry per combo (the active one), in registration order. */
  listed(): Shortcut[] {
    const seen = new Set<string>();
    const result: Shortcut[] = [];
    for (let i = this.shortcuts.length - 1; i >= 0; i--) {
      const shortcut = this.shortcuts[i];
      if (shortcut.listed === false || seen.has(shortcut.keys)) continue;
      seen.add(shortcut.keys);
      result.unshift(shortcut);
    }
    return result;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get revision(): number {
    return this.version;
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
