import { useState } from 'react';
import { MAX_INCIDENT_NOTE_LENGTH } from '@jiefang/core';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/**
 * What the responder finds on scene, written onto the incident's timeline. The note goes
 * through the outbox like the buttons: without signal it waits on the phone and is sent, once,
 * when the connection is back.
 */
export function ResponderNoteForm({ onSend }: { onSend: (text: string) => Promise<void> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const trimmed = text.trim();
  return (
    <form
      className="rsp-note-form"
      data-testid="responder-note-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed === '') return;
        void onSend(trimmed).then(() => {
          setText('');
          setSent(true);
        });
      }}
    >
      <label htmlFor="rsp-note-text">{t('responder.note.label')}</label>
      <textarea
        id="rsp-note-text"
        value={text}
        maxLength={MAX_INCIDENT_NOTE_LENGTH}
        rows={2}
        placeholder={t('responder.note.placeholder')}
        onChange={(event) => {
          setText(event.target.value);
          setSent(false);
        }}
      />
      <div className="rsp-note-actions">
        {sent && (
          <span role="status" className="rsp-note-sent">
            {t('responder.note.queued')}
          </span>
        )}
        <button type="submit" className="rsp-small-button" disabled={trimmed === ''}>
          {t('responder.note.send')}
        </button>
      </div>
    </form>
  );
}
