// Internal notes on a case (staff only, never in the public view): oldest first, with author and time.
// Staff who handle cases add them; an admin reads them only, as the API allows.
import { useRef, useState } from 'react';
import { Button, Empty, Form, Input, List, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, ok } from '../api/client';
import { useSession } from '../auth/session';
import { dateTime } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

const MAX_NOTE = 5000;

export function CaseNotes({ petitionId, timeZone }: { petitionId: string; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const queryKey = ['notes', petitionId];
  const notes = useQuery({ queryKey, queryFn: () => ok(api.GET('/api/v1/petitions/{id}/notes', { params: { path: { id: petitionId } } })) });
  const [form] = Form.useForm<{ text: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  // One key per note: a retry after a lost answer does not add it twice.
  const key = useRef(newIdempotencyKey());
  const mayWrite = session?.role !== 'admin' && session?.role !== 'petitioner';

  async function add({ text }: { text: string }) {
    setSaving(true);
    setError(undefined);
    try {
      await ok(api.POST('/api/v1/petitions/{id}/notes', { params: { path: { id: petitionId }, header: { 'Idempotency-Key': key.current } } as never, body: { text: text.trim() } }));
      key.current = newIdempotencyKey();
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey });
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t('notes.internal')}</Typography.Paragraph>
      {notes.error ? <ErrorAlert error={notes.error} /> : null}
      {notes.data && notes.data.notes.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notes.empty')} />}
      {notes.data && notes.data.notes.length > 0 && (
        <List
          size="small" data-testid="case-notes" dataSource={notes.data.notes}
          renderItem={(n) => (
            <List.Item key={n.id} data-note={n.id}>
              <List.Item.Meta
                title={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.authorName ?? n.authorId} · {dateTime(n.createdAt, i18n.language, timeZone)}</Typography.Text>}
                description={<span className="case-text" style={{ color: 'inherit' }}>{n.text}</span>}
              />
            </List.Item>
          )}
        />
      )}
      {mayWrite ? (
        <Form form={form} layout="vertical" onFinish={(v) => void add(v)} style={{ marginTop: 12 }} data-testid="note-form">
          <Form.Item name="text" label={t('notes.add')} htmlFor="note-text" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }, { max: MAX_NOTE, message: t('actionPanel.tooLong', { max: MAX_NOTE }) }]}>
            <Input.TextArea id="note-text" rows={3} maxLength={MAX_NOTE} showCount />
          </Form.Item>
          {error ? <div style={{ marginBottom: 12 }}><ErrorAlert error={error} /></div> : null}
          <Button type="primary" htmlType="submit" loading={saving}>{t('notes.save')}</Button>
        </Form>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('notes.readOnly')}</Typography.Paragraph>
      )}
    </>
  );
}
