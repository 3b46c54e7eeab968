import { useState } from 'react';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CaseLabel } from './CaseLabel.tsx';
import { casesApi, type CaseStep } from './cases-api.ts';
import './cases.css';
import { routingText } from './routing-text.ts';
import { useCases } from './use-cases.ts';

/**
 * The department's portal: the inbox of cases assigned to it (the server shows a department
 * only its own), accept or return with a reason, handle with notes, close with a result.
 */
export function DepartmentPortal() {
  const { t, i18n } = useI18n();
  const { api, cases, categories, error, setError, reload } = useCases();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState('');
  const inbox = cases.filter((c) => c.departmentId !== undefined);
  const selected = inbox.find((c) => c.id === selectedId);

  const run = async (step: CaseStep, body: object = {}) => {
    if (!selected) return;
    try {
      await casesApi.step(api, selected.id, step, body);
      setReason('');
      setNote('');
      setResult('');
      await reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <main className="cases-view department-portal" data-testid="department-view">
      <section aria-labelledby="inbox-title" className="cases-list">
        <h2 id="inbox-title">{t('cases.inbox')}</h2>
        {inbox.length === 0 ? <p>{t('cases.empty')}</p> : null}
        <ul>
          {inbox.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                data-case-id={c.id}
                aria-current={c.id === selectedId}
                onClick={() => setSelectedId(c.id)}
              >
                <CaseLabel value={c} categories={categories} />
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="case-detail" aria-live="polite">
        {error ? (
          <p role="alert" className="case-error">
            {describeApiError(i18n, error)}
          </p>
        ) : null}
        {!selected ? (
          <p>{t('cases.pick')}</p>
        ) : (
          <article data-case-id={selected.id} data-stage={selected.workflow.stage}>
            <h3>
              <CaseLabel value={selected} categories={categories} />
            </h3>
            <p>{selected.description}</p>
            {selected.routing ? (
              <p className="case-routing">
                {t('cases.routedBecause', { reason: routingText(i18n, selected.routing) })}
              </p>
            ) : null}
            <ul className="case-notes">
              {selected.notes.map((n) => (
                <li key={n.at}>{n.text}</li>
              ))}
            </ul>
            {selected.workflow.stage === 'assign' ? (
              <div className="case-actions">
                <button type="button" onClick={() => void run('accept')}>
                  {t('cases.accept')}
                </button>
                <label>
                  {t('cases.returnReason')}
                  <input value={reason} onChange={(e) => setReason(e.target.value)} />
                </label>
                <button
                  type="button"
                  disabled={!reason.trim()}
                  onClick={() => void run('return', { reason })}
                >
                  {t('cases.return')}
                </button>
              </div>
            ) : null}
            {selected.workflow.stage === 'handle' ? (
              <div className="case-actions">
                <label>
                  {t('cases.note')}
                  <textarea value={note} onChange={(e) => setNote(e.target.value)} />
                </label>
                <button
                  type="button"
                  disabled={!note.trim()}
                  onClick={() => void run('notes', { text: note })}
                >
                  {t('cases.addNote')}
                </button>
                <label>
                  {t('cases.result')}
                  <textarea value={result} onChange={(e) => setResult(e.target.value)} />
                </label>
                <button
                  type="button"
                  disabled={!result.trim()}
                  onClick={() => void run('resolve', { result })}
                >
                  {t('cases.resolve')}
                </button>
              </div>
            ) : null}
            {selected.result ? <p className="case-result">{selected.result}</p> : null}
          </article>
        )}
      </section>
    </main>
  );
}
