// Administration (admin role): units as a tree, users and their roles, password resets and tokens.
import { Alert, Card, Col, Row, Skeleton, Table, Tree, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiFailure, callPath } from '../../api/client';
import { treeOf, useUnitTree, type UnitNode } from '../../api/pickers';
import { label } from '../../lib/format';

interface User { id: string; name: string; role: string; unitId?: string | null }

interface TreeItem { key: string; title: string; children: TreeItem[] }
const toTree = (nodes: UnitNode[]): TreeItem[] =>
  nodes.map((n) => ({ key: n.id, title: `${n.name} (${n.id})`, children: toTree(n.children ?? []) }));

export default function Admin() {
  const { t } = useTranslation();
  const units = useUnitTree('all');
  const users = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: async () => {
      try {
        const { body } = await callPath<{ items?: User[]; users?: User[] } | User[]>('GET', '/api/v1/admin/users');
        return Array.isArray(body) ? body : body.items ?? body.users ?? [];
      } catch (e) {
        if (e instanceof ApiFailure && e.status === 404) return null;
        throw e;
      }
    },
  });
  if (units.isLoading || users.isLoading) return <Skeleton active />;
  const tree = units.data ? (units.data.some((u) => u.children) ? units.data : treeOf(units.data)) : null;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{t('admin.title')}</Typography.Title>
      {(!tree || users.data === null) && <Alert type="info" title={t('admin.unavailable')} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card title={t('admin.units')}>{tree ? <Tree defaultExpandAll treeData={toTree(tree)} /> : null}</Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('admin.users')}>
            <Table<User> rowKey="id" size="small" dataSource={users.data ?? []} pagination={false} columns={[
              { title: t('admin.id'), dataIndex: 'id' },
              { title: t('admin.name'), dataIndex: 'name' },
              { title: t('admin.role'), dataIndex: 'role', render: (r: string) => label(t, 'role', r) },
              { title: t('admin.unit'), dataIndex: 'unitId' },
            ]} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
