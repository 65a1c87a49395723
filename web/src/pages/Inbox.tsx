// My cases (待办): the caller's scope, sorted by next deadline, with every list filter the API has, text
// search, saved filters and keyset paging (next via the API's cursor, previous via the cursors already
// visited). The filters live in the address, so a filtered list can be bookmarked and shared.
import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ok, type ListQuery, type PetitionSummary } from '../api/client';
import { enumOf, useOpenApi } from '../api/openapi';
import { flatten, useUnitNames, useUnitTree } from '../api/pickers';
import { useSession } from '../auth/session';
import { Countdown } from '../components/Countdown';
import { NextClockTag } from '../components/NextClockTag';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusTag } from '../components/StatusTag';
import { dateOnly, dateTime, label, todayIn } from '../lib/format';
import { useSavedFilters } from '../lib/savedFilters';
import { FileLink } from '../components/FileLink';
import { ToneTag } from '../components/ToneTag';

const LIST_KEYS = ['status', 'class', 'channel', 'unitId', 'officerId', 'escalationLevel'] as const;
const SCALAR_KEYS = ['overdue', 'minEscalationLevel', 'receivedFrom', 'receivedTo', 'dueFrom', 'dueTo', 'closedFrom', 'closedTo', 'q', 'sort', 'order'] as const;
const RANGES = [['received', 'receivedFrom', 'receivedTo'], ['due', 'dueFrom', 'dueTo'], ['closed', 'closedFrom', 'closedTo']] as const;
const PAGE_SIZE = 20;

/** The list's query from the address: what the page shows is what the address says. */
function queryOf(params: URLSearchParams, openStatuses: string[]): ListQuery {
  const q: Record<string, unknown> = { sort: 'nextDeadline', order: 'asc', limit: PAGE_SIZE };
  for (const k of [...LIST_KEYS, ...SCALAR_KEYS]) { const v = params.get(k); if (v) q[k] = v; }
  // Open cases by default (every status but closed, as the API lists them).
  const scope = params.get('scope') ?? 'open';
  if (!q.status && scope !== 'all' && openStatuses.length) q.status = scope === 'closed' ? 'closed' : openStatuses.join(',');
  return q as ListQuery;
}

export function Inbox() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const tz = session?.timeZone;
  const [params, setParams] = useSearchParams();
  const { data: doc } = useOpenApi();
  const statuses = enumOf(doc, 'CaseStatus');
  const openStatuses = statuses.filter((s) => s !== 'closed');
  const query = useMemo(() => queryOf(params, openStatuses), [params, openStatuses.join()]);
  const [cursors, setCursors] = useState<string[]>([]); // cursors of the pages before this one, and this one's
  const cursor = cursors[cursors.length - 1];
  const unitName = useUnitNames();
  const { data: units } = useUnitTree();
  const saved = useSavedFilters();
  const [saveName, setSaveName] = useState('');
  // The less used filters fold away; they open by themselves when the address sets one of them.
  const advancedSet = [...LIST_KEYS, ...SCALAR_KEYS].some((k) => k !== 'q' && params.has(k));
  const [more, setMore] = useState(advancedSet);
  const showMore = more || advancedSet;

  const list = useQuery({
    queryKey: ['cases', query, cursor],
    enabled: statuses.length > 0,
    queryFn: () => ok(api.GET('/api/v1/petitions', { params: { query: { ...query, cursor, includeTotal: cursor ? undefined : 'true' } as ListQuery } })),
    placeholderData: (prev) => prev,
  });
  const [total, setTotal] = useState<number>();
  if (list.data?.total !== undefined && list.data.total !== total) setTotal(list.data.total);

  // A saved filter is the list's own query (the API checks it): the statuses spelled out, no paging.
  const [saveError, setSaveError] = useState<unknown>();
  const saveFilter = async () => {
    if (!saveName.trim()) return;
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'limit' && k !== 'cursor') q.set(k, String(v));
    try {
      setSaveError(undefined);
      await saved.save(saveName.trim(), q.toString());
      setSaveName('');
    } catch (e) {
      setSaveError(e);
    }
  };

  // The server's CSV of every case the filters match (all pages, same filters, sort and scope).
  const csvHref = useMemo(() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && !['limit', 'cursor', 'includeTotal'].includes(k)) q.set(k, String(v));
    q.set('format', 'csv');
    return `/api/v1/petitions?${q.toString()}`;
  }, [query]);

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v === undefined || v === '') next.delete(k); else next.set(k, v); }
    setCursors([]);
    setParams(next);
  };
  const listValue = (k: string) => params.get(k)?.split(',').filter(Boolean) ?? [];
  const enumOptions = (group: 'status' | 'class' | 'channel', values: string[]) => values.map((v) => ({ value: v, label: label(t, group, v) }));
  const staff = session?.role !== 'petitioner';

  const columns = [
    {
      title: t('inbox.titleCol'), key: 'title',
      render: (_: unknown, r: PetitionSummary) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/cases/${r.id}`}>{r.title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.queryCode} · {r.petitionerName}</Typography.Text>
        </Space>
      ),
    },
    { title: t('inbox.statusCol'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
    { title: t('inbox.class'), dataIndex: 'class', render: (v: string) => label(t, 'class', v) },
    { title: t('inbox.channel'), dataIndex: 'channel', render: (v: string) => label(t, 'channel', v) },
    { title: t('inbox.unit'), dataIndex: 'unitId', render: (v: string | null) => unitName(v) },
    { title: t('inbox.officer'), dataIndex: 'officerId', render: (v: string | null) => v ?? '—' },
    {
      title: t('inbox.deadlineCol'), key: 'deadline',
      render: (_: unknown, r: PetitionSummary) => r.nextClock
        ? <NextClockTag clock={r.nextClock} overdue={r.overdue} dueLabel={`${t('clockView.due')} ${dateTime(r.nextDeadline, i18n.language, tz)}`} />
        : r.nextDeadline
        ? <Countdown dueAt={r.nextDeadline} dueLabel={`${t('clockView.due')} ${dateTime(r.nextDeadline, i18n.language, tz)}`} />
        : <Typography.Text type="secondary">{r.closedAt ? `${label(t, 'closingReason', r.closingReason)}` : t('clockView.noDeadline')}</Typography.Text>,
    },
    {
      title: t('inbox.badges'), key: 'badges',
      render: (_: unknown, r: PetitionSummary) => (
        <Space size={4} wrap>
          {r.overdue && <ToneTag tone="red">{t('badge.overdue')}</ToneTag>}
          {(r.escalationLevel ?? 0) > 0 && <ToneTag tone="volcano">{t('badge.escalated', { level: r.escalationLevel })}</ToneTag>}
          {(r.openSupervision ?? 0) > 0 && <ToneTag tone="gold">{t('badge.supervised', { count: r.openSupervision })}</ToneTag>}
          {r.leaderOwnerId && <Tooltip title={r.leaderOwnerId}><ToneTag tone="purple">{t('badge.leader')}</ToneTag></Tooltip>}
        </Space>
      ),
    },
    { title: t('inbox.receivedCol'), dataIndex: 'receivedAt', render: (v: string) => dateOnly(v, i18n.language, tz) },
  ];

  const range = (from: string, to: string): [Dayjs | null, Dayjs | null] | null => {
    const a = params.get(from); const b = params.get(to);
    return a || b ? [a ? dayjs(a) : null, b ? dayjs(b) : null] : null;
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{t('inbox.title')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }} role="search" aria-label={t('inbox.filters')}>
        <Form layout="vertical">
          <Row gutter={[12, 0]}>
            <Col xs={24} md={8}>
              <Form.Item label={t('inbox.search')} htmlFor="filter-q">
                <Input.Search id="filter-q" allowClear defaultValue={params.get('q') ?? ''} key={params.get('q') ?? ''} onSearch={(v) => set({ q: v.trim() || undefined })} enterButton />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('inbox.status')} htmlFor="filter-scope">
                <Segmented
                  id="filter-scope"
                  value={params.get('status') ? 'custom' : params.get('scope') ?? 'open'}
                  onChange={(v) => set({ scope: v === 'open' ? undefined : String(v), status: undefined })}
                  options={[{ value: 'open', label: t('inbox.scopeOpen') }, { value: 'closed', label: label(t, 'status', 'closed') }, { value: 'all', label: t('inbox.any') }, ...(params.get('status') ? [{ value: 'custom', label: '…' }] : [])]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('inbox.savedFilters')} htmlFor="filter-saved">
                <Space.Compact style={{ width: '100%' }}>
                  <Select
                    id="filter-saved" style={{ width: '100%' }} placeholder={t('inbox.savedFilters')} value={null as unknown as string}
                    options={saved.filters.map((f) => ({ value: f.id, label: f.name }))}
                    onChange={(id) => { const f = saved.filters.find((x) => x.id === id); if (f) { setCursors([]); setParams(new URLSearchParams(f.query)); } }}
                  />
                  <Input aria-label={t('inbox.filterName')} placeholder={t('inbox.filterName')} value={saveName} onChange={(e) => setSaveName(e.target.value)} maxLength={100} />
                  <Button onClick={() => void saveFilter()} data-testid="save-filter">{t('app.save')}</Button>
                </Space.Compact>
              </Form.Item>
            </Col>
            {showMore && (
              <>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label={t('inbox.status')} htmlFor="filter-status">
                <Select id="filter-status" mode="multiple" allowClear value={listValue('status')} options={enumOptions('status', statuses)} onChange={(v: string[]) => set({ status: v.join(',') || undefined })} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label={t('inbox.class')} htmlFor="filter-class">
                <Select id="filter-class" mode="multiple" allowClear value={listValue('class')} options={enumOptions('class', enumOf(doc, 'PetitionClass').length ? enumOf(doc, 'PetitionClass') : ['suggestion', 'report', 'claim'])} onChange={(v: string[]) => set({ class: v.join(',') || undefined })} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label={t('inbox.channel')} htmlFor="filter-channel">
                <Select id="filter-channel" mode="multiple" allowClear value={listValue('channel')} options={enumOptions('channel', ['online', 'letter', 'phone', 'fax', 'visit'])} onChange={(v: string[]) => set({ channel: v.join(',') || undefined })} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label={t('inbox.unit')} htmlFor="filter-unit">
                {units
                  ? <Select id="filter-unit" mode="multiple" allowClear value={listValue('unitId')} options={flatten(units).map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))} onChange={(v: string[]) => set({ unitId: v.join(',') || undefined })} />
                  : <Input id="filter-unit" allowClear defaultValue={params.get('unitId') ?? ''} onBlur={(e) => set({ unitId: e.target.value.trim() || undefined })} placeholder="unit-labour,unit-housing" />}
              </Form.Item>
            </Col>
            {staff && (
              <Col xs={24} sm={12} md={6}>
                <Form.Item label={t('inbox.officer')} htmlFor="filter-officer">
                  <Space.Compact style={{ width: '100%' }}>
                    <Input id="filter-officer" allowClear defaultValue={params.get('officerId') ?? ''} key={params.get('officerId') ?? ''} onBlur={(e) => set({ officerId: e.target.value.trim() || undefined })} />
                    <Button aria-pressed={params.get('officerId') === 'me'} type={params.get('officerId') === 'me' ? 'primary' : 'default'} onClick={() => set({ officerId: params.get('officerId') === 'me' ? undefined : 'me' })}>{t('inbox.mine')}</Button>
                  </Space.Compact>
                </Form.Item>
              </Col>
            )}
            <Col xs={24} sm={12} md={6}>
              <Form.Item label={t('inbox.overdue')} htmlFor="filter-overdue">
                <Select id="filter-overdue" value={params.get('overdue') ?? ''} onChange={(v: string) => set({ overdue: v || undefined })}
                  options={[{ value: '', label: t('inbox.any') }, { value: 'true', label: t('inbox.overdueOnly') }, { value: 'false', label: t('inbox.notOverdue') }]} />
              </Form.Item>
            </Col>
            {staff && (
              <Col xs={24} sm={12} md={6}>
                <Form.Item label={t('inbox.escalation')} htmlFor="filter-escalation">
                  <Select id="filter-escalation" mode="multiple" allowClear value={listValue('escalationLevel')} onChange={(v: string[]) => set({ escalationLevel: v.join(',') || undefined })}
                    options={['0', '1', '2', '3'].map((v) => ({ value: v, label: v }))} />
                </Form.Item>
              </Col>
            )}
            {staff && (
              <Col xs={24} sm={12} md={6}>
                <Form.Item label={t('inbox.minEscalation')} htmlFor="filter-min-escalation">
                  <InputNumber id="filter-min-escalation" min={0} max={9} style={{ width: '100%' }} value={params.get('minEscalationLevel') ? Number(params.get('minEscalationLevel')) : null} onChange={(v) => set({ minEscalationLevel: v === null ? undefined : String(v) })} />
                </Form.Item>
              </Col>
            )}
            {RANGES.map(([name, from, to]) => (
              <Col xs={24} sm={12} md={8} key={name}>
                <Form.Item label={t(`inbox.${name}`)} htmlFor={`filter-${name}`}>
                  <DatePicker.RangePicker id={{ start: `filter-${name}` }} style={{ width: '100%' }} allowEmpty={[true, true]} value={range(from, to)}
                    onChange={(v) => set({ [from]: v?.[0]?.format('YYYY-MM-DD'), [to]: v?.[1]?.format('YYYY-MM-DD') })} />
                </Form.Item>
              </Col>
            ))}
            <Col xs={24} sm={12} md={8}>
              <Form.Item label={t('inbox.sort')} htmlFor="filter-sort">
                <Space.Compact style={{ width: '100%' }}>
                  <Select id="filter-sort" style={{ width: '60%' }} value={query.sort} onChange={(v: string) => set({ sort: v })}
                    options={(['nextDeadline', 'receivedAt', 'updatedAt', ...(staff ? ['escalationLevel'] : [])]).map((s) => ({ value: s, label: t(`inbox.sort${s[0]!.toUpperCase()}${s.slice(1)}`) }))} />
                  <Select aria-label={t('inbox.order')} style={{ width: '40%' }} value={query.order} onChange={(v: string) => set({ order: v })} options={[{ value: 'asc', label: t('inbox.asc') }, { value: 'desc', label: t('inbox.desc') }]} />
                </Space.Compact>
              </Form.Item>
            </Col>
              </>
            )}
          </Row>
          <Space wrap>
            <Button aria-expanded={showMore} onClick={() => setMore(!showMore)}>{showMore ? t('inbox.fewerFilters') : t('inbox.moreFilters')}</Button>
            <Button onClick={() => { setCursors([]); setParams(new URLSearchParams()); }}>{t('inbox.clear')}</Button>
            {saved.filters.map((f) => (
              <Tag key={f.id} closable onClose={(e) => { e.preventDefault(); void saved.remove(f.id); }} closeIcon={<span aria-label={`${t('inbox.deleteFilter')} ${f.name}`}>×</span>}>
                <a href={`?${f.query}`} onClick={(e) => { e.preventDefault(); setCursors([]); setParams(new URLSearchParams(f.query)); }}>{f.name}</a>
              </Tag>
            ))}
          </Space>
        </Form>
      </Card>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {saveError ? <ErrorAlert error={saveError} /> : null}
      <Table<PetitionSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('inbox.empty') }}
        title={() => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            {total !== undefined ? <span data-testid="inbox-total">{t('inbox.total', { count: total })}</span> : <span />}
            <FileLink href={csvHref} download={`petitions-${todayIn(tz)}.csv`} data-testid="inbox-csv">{t('app.exportCsv')}</FileLink>
          </Space>
        )}
        footer={() => (
          <nav aria-label={t('inbox.page', { n: cursors.length + 1 })}>
            <Space>
              <Button disabled={cursors.length === 0} onClick={() => setCursors([])}>{t('inbox.first')}</Button>
              <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>{t('inbox.previous')}</Button>
              <Typography.Text>{t('inbox.page', { n: cursors.length + 1 })}</Typography.Text>
              <Button disabled={!list.data?.nextCursor} onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}>{t('inbox.next')}</Button>
            </Space>
          </nav>
        )}
      />
    </>
  );
}
