// Administration (admin role): the units as a tree, users and their roles, password resets and tokens.
// A generated one-time password or a new token is shown once, as the API returns it, and never again.
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Skeleton, Space, Table, Tree, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callPath, newIdempotencyKey } from '../../api/client';
import { flatten, treeOf, useUnitTree, type UnitNode } from '../../api/pickers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ToneTag } from '../../components/ToneTag';
import { dateTime, label } from '../../lib/format';
import { useSession } from '../../auth/session';

interface AdminUser { id: string; name: string; role: string; unitId: string | null; unitName: string | null; disabled: boolean; password: 'none' | 'set' | 'one_time'; activeTokens: number; createdAt: string }
interface TokenRow { id: string; userId: string; label: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }
interface TreeItem { key: string; title: string; children: TreeItem[] }

const ROLES = ['intake_officer', 'case_officer', 'supervisor', 'petitioner', 'admin'];
const toTree = (nodes: UnitNode[]): TreeItem[] => nodes.map((n) => ({ key: n.id, title: `${n.name} (${n.id})`, children: toTree(n.children ?? []) }));

function Tokens({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: ['admin', 'tokens', userId], queryFn: async () => (await callPath<{ tokens: TokenRow[] }>('GET', `/api/v1/admin/tokens?userId=${encodeURIComponent(userId)}`)).body.tokens });
  if (tokens.error) return <ErrorAlert error={tokens.error} />;
  return (
    <Table<TokenRow> rowKey="id" size="small" pagination={false} loading={tokens.isLoading} dataSource={tokens.data ?? []} locale={{ emptyText: t('app.none') }} columns={[
      { title: t('admin.label'), dataIndex: 'label' },
      { title: t('admin.created'), dataIndex: 'createdAt', render: (v: string) => dateTime(v, i18n.language, session?.timeZone) },
      { title: t('admin.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => dateTime(v, i18n.language, session?.timeZone) || '—' },
      {
        title: t('admin.revoke'), key: 'r',
        render: (_, tk) => tk.revokedAt ? <ToneTag tone="grey">{t('admin.revoked')}</ToneTag> : (
          <Button size="small" danger onClick={async () => { await callPath('POST', `/api/v1/admin/tokens/${encodeURIComponent(tk.id)}/revoke`, {}); await qc.invalidateQueries({ queryKey: ['admin'] }); }}>{t('admin.revoke')}</Button>
        ),
      },
    ]} />
  );
}

export default function Admin() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const units = useUnitTree('all');
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: async () => (await callPath<{ users: AdminUser[] }>('GET', '/api/v1/admin/users')).body.users });
  const [secret, setSecret] = useState<{ what: string; value: string }>();
  const [error, setError] = useState<unknown>();
  const [unitForm] = Form.useForm();
  const [userForm] = Form.useForm();
  const run = async (f: () => Promise<void>) => {
    setError(undefined);
    try { await f(); await qc.invalidateQueries({ queryKey: ['admin'] }); await qc.invalidateQueries({ queryKey: ['units'] }); } catch (e) { setError(e); }
  };
  if (units.isLoading || users.isLoading) return <Skeleton active />;
  const tree = units.data ? treeOf(units.data) : [];
  const unitOptions = flatten(units.data).map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }));

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{t('admin.title')}</Typography.Title>
      {secret && (
        <Alert type="warning" showIcon closable onClose={() => setSecret(undefined)} style={{ marginBottom: 16 }} role="alert" data-testid="admin-secret"
          title={secret.what} description={<Typography.Text copyable code>{secret.value}</Typography.Text>} />
      )}
      {error ? <div style={{ marginBottom: 16 }}><ErrorAlert error={error} /></div> : null}
      {users.error ? <ErrorAlert error={users.error} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={7}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('admin.units')}</Typography.Title>}>
            <Tree defaultExpandAll treeData={toTree(tree)} />
            <Form form={unitForm} layout="vertical" style={{ marginTop: 16 }} onFinish={(v: { id: string; name: string; parentId?: string }) => run(async () => {
              await callPath('POST', '/api/v1/admin/units', { id: v.id.trim(), name: v.name.trim(), ...(v.parentId ? { parentId: v.parentId } : {}) }, { 'Idempotency-Key': newIdempotencyKey() });
              unitForm.resetFields();
            })}>
              <Form.Item name="id" label={t('admin.id')} htmlFor="unit-id" rules={[{ required: true, message: t('actionPanel.required') }]}><Input id="unit-id" placeholder="unit-transport" /></Form.Item>
              <Form.Item name="name" label={t('admin.name')} htmlFor="unit-name" rules={[{ required: true, message: t('actionPanel.required') }]}><Input id="unit-name" /></Form.Item>
              <Form.Item name="parentId" label={t('admin.parent')} htmlFor="unit-parent"><Select id="unit-parent" allowClear options={unitOptions} /></Form.Item>
              <Button htmlType="submit">{t('admin.addUnit')}</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={17}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('admin.users')}</Typography.Title>}>
            <Table<AdminUser>
              rowKey="id" size="small" dataSource={users.data ?? []} pagination={{ pageSize: 20 }} scroll={{ x: 900 }}
              expandable={{ expandedRowRender: (u) => <Tokens userId={u.id} /> }}
              columns={[
                { title: t('admin.id'), dataIndex: 'id' },
                { title: t('admin.name'), dataIndex: 'name' },
                { title: t('admin.role'), dataIndex: 'role', render: (r: string) => <span style={{ whiteSpace: 'nowrap' }}>{label(t, 'role', r)}</span> },
                { title: t('admin.unit'), key: 'unit', render: (_, u) => u.unitName ?? u.unitId ?? '—' },
                { title: t('signIn.password'), dataIndex: 'password', render: (p: string) => <span style={{ whiteSpace: 'nowrap' }} data-password={p}>{t(`admin.password_${p}`, { defaultValue: p })}</span> },
                { title: t('admin.tokens'), dataIndex: 'activeTokens' },
                {
                  title: t('admin.actions'), key: 'a',
                  render: (_, u) => (
                    <Space wrap size={4} data-user={u.id}>
                      {u.disabled && <ToneTag tone="red">{t('admin.disabled')}</ToneTag>}
                      <Button size="small" onClick={() => run(async () => {
                        const { body } = await callPath<{ password: string | null }>('POST', `/api/v1/admin/users/${encodeURIComponent(u.id)}/password`, {});
                        if (body.password) setSecret({ what: `${t('admin.oneTimePassword')}: ${u.id}`, value: body.password });
                      })}>{t('admin.resetPassword')}</Button>
                      <Button size="small" disabled={u.disabled} onClick={() => run(async () => {
                        const { body } = await callPath<{ token: string }>('POST', `/api/v1/admin/users/${encodeURIComponent(u.id)}/tokens`, { label: 'console' });
                        setSecret({ what: `${t('admin.newToken')}: ${u.id}`, value: body.token });
                      })}>{t('admin.issueToken')}</Button>
                      <Button size="small" danger={!u.disabled} onClick={() => run(async () => {
                        await callPath('PATCH', `/api/v1/admin/users/${encodeURIComponent(u.id)}`, { disabled: !u.disabled });
                      })}>{u.disabled ? t('admin.enable') : t('admin.disable')}</Button>
                    </Space>
                  ),
                },
              ]}
            />
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>{t('admin.addUser')}</Typography.Title>
            <Form form={userForm} layout="inline" onFinish={(v: { id: string; name: string; role: string; unitId?: string }) => run(async () => {
              const { body } = await callPath<{ id: string }>('POST', '/api/v1/admin/users', { id: v.id.trim(), name: v.name.trim(), role: v.role, ...(v.unitId ? { unitId: v.unitId } : {}) }, { 'Idempotency-Key': newIdempotencyKey() });
              userForm.resetFields();
              // A new user signs in after a one-time password from here.
              const pw = await callPath<{ password: string | null }>('POST', `/api/v1/admin/users/${encodeURIComponent(body.id)}/password`, {});
              if (pw.body.password) setSecret({ what: `${t('admin.oneTimePassword')}: ${body.id}`, value: pw.body.password });
            })}>
              <Form.Item name="id" label={t('admin.id')} htmlFor="user-id" rules={[{ required: true, message: t('actionPanel.required') }]}><Input id="user-id" /></Form.Item>
              <Form.Item name="name" label={t('admin.name')} htmlFor="user-name" rules={[{ required: true, message: t('actionPanel.required') }]}><Input id="user-name" /></Form.Item>
              <Form.Item name="role" label={t('admin.role')} htmlFor="user-role" rules={[{ required: true, message: t('actionPanel.required') }]}>
                <Select id="user-role" style={{ width: 150 }} options={ROLES.map((r) => ({ value: r, label: label(t, 'role', r) }))} />
              </Form.Item>
              <Form.Item name="unitId" label={t('admin.unit')} htmlFor="user-unit"><Select id="user-unit" style={{ width: 220 }} allowClear options={unitOptions} /></Form.Item>
              <Button htmlType="submit" type="primary">{t('admin.add')}</Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
