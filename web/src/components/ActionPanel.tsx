// The action panel: one button per action in yourActions, each with a form generated from the action's
// request schema in the OpenAPI document. Each submit carries its own Idempotency-Key (kept for a retry
// of the same submit after a lost answer); a 409 says why and what is allowed now; the case is refreshed
// from the answer itself.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Empty, Form, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiFailure, callPath, newIdempotencyKey, type Detail } from '../api/client';
import { actionSpec, useOpenApi } from '../api/openapi';
import { label } from '../lib/format';
import { cleanValues, SchemaFields, type FieldContext } from './SchemaForm';
import { ErrorAlert } from './ErrorAlert';

/** Sensible starting values: the oldest open supervision notice for a noticeId field. */
function initialValues(schema: { properties?: Record<string, unknown> }, ctx: FieldContext): Record<string, unknown> {
  return schema.properties && 'noticeId' in schema.properties && ctx.notices?.[0] ? { noticeId: ctx.notices[0].id } : {};
}

interface Props {
  petitionId: string;
  yourActions: string[];
  ctx: FieldContext;
  /** The detail's query key: the answer replaces its data. */
  queryKey: unknown[];
  /** A petitioner's panel lists fewer words. */
  compact?: boolean;
}

export function ActionPanel({ petitionId, yourActions, ctx, queryKey, compact }: Props) {
  const { t } = useTranslation();
  const { data: doc, error: docError } = useOpenApi();
  const [selected, setSelected] = useState<string | undefined>();
  const [form] = Form.useForm();
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'signalled' | 'refused' | 'error'; action: string; error?: unknown; details?: { status?: string; allowedActions?: string[] } }>();
  const keyRef = useRef<string>(newIdempotencyKey());
  const formRef = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();

  const choose = (action: string) => {
    setSelected(action);
    setOutcome(undefined);
    form.resetFields();
    keyRef.current = newIdempotencyKey();
  };

  // Focus the form's first field when an action is chosen (keyboard users land where they type).
  useEffect(() => {
    if (!selected) return;
    const el = formRef.current?.querySelector<HTMLElement>('input:not([type=hidden]), textarea, button[type=submit]');
    el?.focus();
  }, [selected]);

  // An action that no longer applies (the case moved on) closes its form.
  useEffect(() => { if (selected && !yourActions.includes(selected)) setSelected(undefined); }, [yourActions, selected]);

  if (docError) return <ErrorAlert error={docError} />;
  const spec = selected && doc ? actionSpec(doc, selected) : undefined;

  async function submit(values: unknown) {
    if (!spec) return;
    setSubmitting(true);
    const action = spec.action;
    try {
      const { status, body } = await callPath<Detail>('POST', spec.path.replace('{id}', encodeURIComponent(petitionId)), cleanValues(values) ?? {}, { 'Idempotency-Key': keyRef.current });
      queryClient.setQueryData(queryKey, body);
      setOutcome({ kind: status === 202 ? 'signalled' : 'done', action });
      setSelected(undefined);
      keyRef.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ predicate: (q) => ['cases', 'board', 'timeline', 'notices', 'attachments'].includes(String(q.queryKey[0])) });
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'action_not_allowed') {
        setOutcome({ kind: 'refused', action, error: e, details: e.details as { status?: string; allowedActions?: string[] } });
        keyRef.current = newIdempotencyKey();
        void queryClient.invalidateQueries({ queryKey });
      } else {
        // A definite refusal gets a new key for the corrected submit; a lost answer keeps it for the retry.
        if (e instanceof ApiFailure && e.status < 500 && e.code !== 'network' && e.code !== 'request_in_progress') keyRef.current = newIdempotencyKey();
        setOutcome({ kind: 'error', action, error: e });
      }
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Card title={t('detail.actions')} size={compact ? 'small' : 'default'} role="region" aria-label={t('detail.actions')} data-testid="action-panel">
      {outcome?.kind === 'done' && <Alert type="success" showIcon role="status" title={t('actionPanel.done', { action: label(t, 'action', outcome.action) })} style={{ marginBottom: 12 }} />}
      {outcome?.kind === 'signalled' && <Alert type="success" showIcon role="status" title={t('actionPanel.signalled', { action: label(t, 'action', outcome.action) })} style={{ marginBottom: 12 }} />}
      {outcome?.kind === 'refused' && (
        <Alert
          type="warning" showIcon role="alert" style={{ marginBottom: 12 }} data-testid="action-refused"
          title={`${t('actionPanel.refused')}: ${label(t, 'action', outcome.action)}`}
          description={
            <>
              <div>{t('actionPanel.refusedWhy', { status: label(t, 'status', outcome.details?.status) })}</div>
              <div>{(outcome.error as Error).message}</div>
              <div>{t('actionPanel.allowedNow')} {(outcome.details?.allowedActions ?? []).map((a) => label(t, 'action', a)).join('、') || t('app.none')}</div>
            </>
          }
        />
      )}
      {outcome?.kind === 'error' && <div style={{ marginBottom: 12 }}><ErrorAlert error={outcome.error} /></div>}
      {yourActions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noActions')} />
      ) : (
        <Space wrap role="toolbar" aria-label={t('detail.actions')}>
          {yourActions.map((a) => (
            <Button key={a} type={a === selected ? 'primary' : 'default'} aria-pressed={a === selected} onClick={() => choose(a)} data-action={a}>
              {label(t, 'action', a)}
            </Button>
          ))}
        </Space>
      )}
      {selected && doc && !spec && <Alert type="info" title={t('actionPanel.unsupported')} style={{ marginTop: 12 }} />}
      {spec && (
        <div ref={formRef} style={{ marginTop: 16 }}>
          <Typography.Title level={3} style={{ fontSize: 16 }} id="action-form-title">{label(t, 'action', spec.action)}</Typography.Title>
          <Typography.Paragraph type="secondary">{spec.summary}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues(spec.schema, ctx)} aria-labelledby="action-form-title" data-testid={`action-form-${spec.action}`}>
            <SchemaFields schema={spec.schema} ctx={ctx} form={form} />
            <Space>
              <Button type="primary" htmlType="submit" loading={submitting}>{t('actionPanel.submit')}</Button>
              <Button onClick={() => setSelected(undefined)}>{t('app.cancel')}</Button>
            </Space>
          </Form>
        </div>
      )}
    </Card>
  );
}
