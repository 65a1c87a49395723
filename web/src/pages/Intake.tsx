// Intake (来信来访登记): an intake officer registers a letter, visit, phone call or fax. Before submitting it
// looks for a likely repeat: open cases of the same unit whose title matches, by the same petitioner.
import { useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Form, Input, List, Result, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, newIdempotencyKey, ok, type PetitionSummary, type Submission } from '../api/client';
import { enumOf, useOpenApi } from '../api/openapi';
import { flatten, useUnitTree } from '../api/pickers';
import { useSession } from '../auth/session';
import { AttachmentUpload } from '../components/AttachmentUpload';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, label } from '../lib/format';

interface Values {
  channel: 'letter' | 'visit' | 'phone' | 'fax';
  class: 'suggestion' | 'report' | 'claim';
  title: string;
  content: string;
  anonymous?: boolean;
  /** 核验身份: only then is a repeat of the same petitioner's open matter recorded on that case at once. */
  identityChecked?: boolean;
  name?: string; contact?: string; idNumber?: string; address?: string;
  unitId?: string;
  attachmentIds?: string[];
}

type Outcome = { kind: 'created'; id: string; queryCode: string; due?: string } | { kind: 'linked'; id?: string | null; message: string };

export default function Intake() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [form] = Form.useForm<Values>();
  const { data: units } = useUnitTree();
  const { data: doc } = useOpenApi();
  const [repeats, setRepeats] = useState<PetitionSummary[] | null>(null);
  const [checkedFor, setCheckedFor] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [outcome, setOutcome] = useState<Outcome>();
  const key = useRef(newIdempotencyKey());
  const anonymous = Form.useWatch('anonymous', form);
  const statuses = enumOf(doc, 'CaseStatus').filter((s) => s !== 'closed');

  const fingerprint = (v: Values) => JSON.stringify([v.title?.trim(), v.name?.trim(), v.unitId ?? session?.unitId]);

  async function findRepeats(v: Values): Promise<PetitionSummary[]> {
    if (v.anonymous || !v.title?.trim()) return [];
    const page = await ok(api.GET('/api/v1/petitions', { params: { query: {
      q: v.title.trim(), unitId: (v.unitId ?? session?.unitId ?? undefined) as string | undefined,
      status: statuses.join(',') || undefined, limit: 50, sort: 'receivedAt', order: 'desc',
    } as never } }));
    const name = v.name?.trim();
    return page.items.filter((p) => p.title.trim() === v.title.trim() || (name !== undefined && p.petitionerName === name));
  }

  async function submit(v: Values) {
    setError(undefined);
    setBusy(true);
    try {
      // Warn first: the same title by the same petitioner is recorded on the open case, not opened anew.
      if (checkedFor !== fingerprint(v)) {
        const found = await findRepeats(v);
        setCheckedFor(fingerprint(v));
        setRepeats(found);
        if (found.length) return;
      }
      const body: Submission = {
        channel: v.channel, class: v.class, title: v.title.trim(), content: v.content.trim(), anonymous: !!v.anonymous,
        ...(!v.anonymous && v.identityChecked ? { identityChecked: true } : {}),
        ...(v.unitId ? { unitId: v.unitId } : {}),
        ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
        ...(v.anonymous ? {} : { petitioner: { name: v.name!.trim(), contact: v.contact!.trim(), ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}), ...(v.address?.trim() ? { address: v.address.trim() } : {}) } }),
      } as Submission;
      const { data, error: e, response } = await api.POST('/api/v1/petitions', { body, params: { header: { 'Idempotency-Key': key.current } } as never });
      if (e || !data) throw Object.assign(new Error((e as { error?: { message?: string } })?.error?.message ?? `HTTP ${response.status}`), { details: e });
      key.current = newIdempotencyKey();
      if (response.status === 201) {
        const p = (data as { petition: { id: string; queryCode: string; clocks: Array<{ kind: string; dueAt?: string }> } }).petition;
        setOutcome({ kind: 'created', id: p.id, queryCode: p.queryCode, due: p.clocks.find((c) => c.kind === 'acceptance')?.dueAt });
      } else {
        const d = data as { linkedTo: string | null; message: string };
        setOutcome({ kind: 'linked', id: d.linkedTo, message: d.message });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (outcome) {
    return (
      <Result
        status={outcome.kind === 'created' ? 'success' : 'info'}
        title={outcome.kind === 'created' ? t('intake.done') : t('intake.linked')}
        subTitle={outcome.kind === 'created'
          ? <span>{t('intake.queryCode')}: <Typography.Text strong copyable data-testid="intake-query-code">{outcome.queryCode}</Typography.Text>{outcome.due ? ` · ${t('intake.acceptanceDue')} ${dateTime(outcome.due, i18n.language, session?.timeZone)}` : ''}</span>
          : outcome.message}
        extra={[
          outcome.id ? <Link key="open" to={`/cases/${outcome.id}`} data-testid="intake-open">{t('intake.open')}</Link> : null,
          <Button key="again" onClick={() => { setOutcome(undefined); setRepeats(null); setCheckedFor(undefined); form.resetFields(); }}>{t('intake.another')}</Button>,
        ]}
      />
    );
  }

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{t('intake.title')}</Typography.Title>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ channel: 'visit', class: 'claim', unitId: session?.unitId ?? undefined }} onValuesChange={() => setRepeats((r) => (r?.length ? r : null))}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card title={t('intake.matter')}>
              <Form.Item name="channel" label={t('field.channel')} htmlFor="intake-channel" rules={[{ required: true }]}>
                <Select id="intake-channel" options={(['letter', 'visit', 'phone', 'fax'] as const).map((c) => ({ value: c, label: label(t, 'channel', c) }))} />
              </Form.Item>
              <Form.Item name="class" label={t('field.class')} htmlFor="intake-class" rules={[{ required: true }]}>
                <Select id="intake-class" options={(['claim', 'suggestion', 'report'] as const).map((c) => ({ value: c, label: label(t, 'class', c) }))} />
              </Form.Item>
              <Form.Item name="unitId" label={t('field.unitId')} htmlFor="intake-unit">
                {units ? <Select id="intake-unit" options={flatten(units).map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))} /> : <Input id="intake-unit" />}
              </Form.Item>
              <Form.Item name="title" label={t('field.title')} htmlFor="intake-title" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }, { max: 200 }]}>
                <Input id="intake-title" maxLength={200} />
              </Form.Item>
              <Form.Item name="content" label={t('field.content')} htmlFor="intake-content" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }]}>
                <Input.TextArea id="intake-content" rows={6} maxLength={20000} />
              </Form.Item>
              <Form.Item name="attachmentIds" label={t('field.attachmentIds')} htmlFor="intake-attachments" extra={t('attachments.hint')}>
                <AttachmentUpload id="intake-attachments" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('intake.petitioner')}>
              <Form.Item name="anonymous" valuePropName="checked"><Checkbox>{t('field.anonymous')}</Checkbox></Form.Item>
              {!anonymous && (
                <>
                  <Form.Item name="name" label={t('field.name')} htmlFor="intake-name" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }]}><Input id="intake-name" maxLength={100} autoComplete="off" /></Form.Item>
                  <Form.Item name="contact" label={t('field.contact')} htmlFor="intake-contact" rules={[{ required: true, whitespace: true, message: t('actionPanel.required') }]}><Input id="intake-contact" maxLength={100} autoComplete="off" /></Form.Item>
                  <Form.Item name="idNumber" label={t('field.idNumber')} htmlFor="intake-id-number"><Input id="intake-id-number" maxLength={32} autoComplete="off" /></Form.Item>
                  <Form.Item name="address" label={t('field.address')} htmlFor="intake-address"><Input id="intake-address" maxLength={300} autoComplete="off" /></Form.Item>
                  <Form.Item name="identityChecked" valuePropName="checked" extra={t('intake.identityCheckedHelp')}>
                    <Checkbox data-testid="intake-identity-checked">{t('intake.identityChecked')}</Checkbox>
                  </Form.Item>
                </>
              )}
            </Card>
            {repeats && repeats.length > 0 && (
              <Alert
                type="warning" showIcon role="alert" style={{ marginTop: 16 }} title={t('intake.repeatWarning')} data-testid="repeat-warning"
                description={
                  <>
                    <div>{t('intake.repeatText')}</div>
                    <List size="small" dataSource={repeats} renderItem={(p) => (
                      <List.Item><Link to={`/cases/${p.id}`}>{p.queryCode} · {p.title}</Link> · {p.petitionerName} · {label(t, 'status', p.status)}</List.Item>
                    )} />
                  </>
                }
              />
            )}
            {repeats && repeats.length === 0 && <Alert type="success" style={{ marginTop: 16 }} title={t('intake.noRepeat')} />}
            {error ? <div style={{ marginTop: 16 }}><ErrorAlert error={error} /></div> : null}
            <Space style={{ marginTop: 16 }}>
              <Button onClick={async () => { const v = await form.validateFields(); setRepeats(await findRepeats(v)); setCheckedFor(fingerprint(v)); }}>{t('intake.checkRepeat')}</Button>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">{repeats?.length ? t('intake.submitAnyway') : t('intake.submit')}</Button>
            </Space>
          </Col>
        </Row>
      </Form>
    </>
  );
}
