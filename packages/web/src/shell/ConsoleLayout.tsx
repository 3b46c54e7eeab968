import type { ReactNode } from 'react';

export interface ConsoleLayoutProps {
  /** The main area: usually <CommandMap>. */
  main: ReactNode;
  /** The side panel (queues, boards, incident panels); omitted for a map-only screen. */
  side?: ReactNode;
  /** A strip under the map (timers, status board); optional. */
  bottom?: ReactNode;
  sideLabel?: string;
}

/** The body of a console screen under the header: map in the middle, a side panel on the right. */
export function ConsoleLayout({ main, side, bottom, sideLabel }: ConsoleLayoutProps) {
  return (
    <div className={side ? 'console-layout with-side' : 'console-layout'}>
      <div className="console-main">{main}</div>
      {side && (
        <aside className="console-side" aria-label={sideLabel}>
          {side}
        </aside>
      )}
      {bottom && <div className="console-bottom">{bottom}</div>}
    </div>
  );
}
