// A form generated from a JSON schema of the OpenAPI document: strings, enums, numbers with their bounds,
// booleans, nested objects, and pickers for the id fields (units, officers, open supervision notices).
// Labels come from the field's name (translated), with the schema's description as help.
import { Card, Checkbox, Form, Input, InputNumber, Radio, Select, TreeSelect } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JsonSchema } from '../api/openapi';
import { flatten, useUnitPeople, useUnitTree, type UnitNode } from '../api/pickers';
import { label, type Group } from '../lib/format';
import { AttachmentUpload } from './AttachmentUpload';

export interface FieldContext {
  /** Open supervision notices of the case, for a noticeId field. */
  notices?: Array<{ id: string; instruction: string }>;
  /** The case's current unit, the default for unit pickers. */
  unitId?: string;
}

const UNIT_FIELDS = new Set(['unitId', 'toUnitId']);
const OFFICER_FIELDS = new Set(['officerId', 'leaderOwnerId']);
/** Enum fields whose values have their own translations. */
const ENUM_GROUP: Record<string, Group> = { rating: 'rating', outcome: 'rating', decision: 'decision', unit: 'limitUnit', class: 'class', channel: 'channel' };

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);

function treeData(nodes: UnitNode[] | undefined): Array<{ value: string; title: string; children?: ReturnType<typeof treeData> }> {
  return (nodes ?? []).map((n) => ({ value: n.id, title: n.name, children: n.children?.length ? treeData(n.children) : undefined }));
}

// Form.Item hands its child value and onChange: a picker passes them on to the control it renders.
type Control = { id: string; value?: string; onChange?: (v: unknown) => void };

function UnitField({ id, scope, ...control }: Control & { scope: 'mine' | 'all' }) {
  const { t } = useTranslation();
  const { data } = useUnitTree(scope);
  if (!data) return <Input id={id} autoComplete="off" placeholder="unit-…" {...control} />;
  const flat = flatten(data);
  const tree = flat.length && data.every((n) => !n.children) && data.some((n) => n.parentId) ? undefined : data;
  return tree
    ? <TreeSelect id={id} {...control} treeData={treeData(tree)} treeDefaultExpandAll showSearch placeholder={t('actionPanel.choose')} allowClear treeNodeFilterProp="title" />
    : <Select id={id} {...control} showSearch optionFilterProp="label" placeholder={t('actionPanel.choose')} allowClear options={flat.map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))} />;
}

function OfficerField({ id, unitId, leaders, ...control }: Control & { unitId?: string; leaders: boolean }) {
  const { t } = useTranslation();
  const { data } = useUnitPeople(unitId);
  if (!data) return <Input id={id} autoComplete="off" placeholder="officer-…" {...control} />;
  const people = leaders ? data.leaders : data.officers;
  return (
    <Select id={id} {...control} showSearch optionFilterProp="label" allowClear placeholder={t('actionPanel.choose')}
      options={people.map((o) => ({ value: o.id, label: `${o.name}${o.unitName ? ` · ${o.unitName}` : ''} (${o.id})` }))} />
  );
}

function Field({ name, schema, required, path, ctx, form }: { name: string; schema: JsonSchema; required: boolean; path: string[]; ctx: FieldContext; form: FormInstance }) {
  const { t } = useTranslation();
  const id = `field-${path.join('-')}`;
  const text = label(t, 'field', name);
  const rules: Array<Record<string, unknown>> = [];
  const type = typeOf(schema);
  const unitPath = [...path.slice(0, -1), 'unitId'];
  const selectedUnit = Form.useWatch(unitPath, form) as string | undefined;

  if (type === 'object' && schema.properties) {
    return (
      <Card size="small" title={text} style={{ marginBottom: 16 }} role="group" aria-label={text}>
        {Object.entries(schema.properties).map(([k, v]) => (
          // An optional group is all or nothing: its inner fields are required only when the group is.
          <Field key={k} name={k} schema={v} required={required && (schema.required ?? []).includes(k)} path={[...path, k]} ctx={ctx} form={form} />
        ))}
      </Card>
    );
  }

  let input: React.ReactNode;
  let valuePropName: string | undefined;
  if (required && type !== 'boolean') rules.push({ required: true, message: t('actionPanel.required') });
  if (name === 'attachmentIds' && type === 'array') {
    // Files are uploaded when chosen; the action names their ids and the API attaches them to the case.
    input = <AttachmentUpload id={id} />;
  } else if (name === 'noticeId' && ctx.notices) {
    input = <Select id={id} placeholder={t('actionPanel.choose')} options={ctx.notices.map((n) => ({ value: n.id, label: n.instruction }))} />;
  } else if (UNIT_FIELDS.has(name)) {
    // A case may be routed to any unit; accepted, assigned and reassigned only within the caller's scope.
    input = <UnitField id={id} scope={name === 'toUnitId' ? 'all' : 'mine'} />;
  } else if (OFFICER_FIELDS.has(name)) {
    input = <OfficerField id={id} unitId={selectedUnit ?? ctx.unitId} leaders={name === 'leaderOwnerId'} />;
  } else if (schema.enum) {
    const group = ENUM_GROUP[name];
    const options = schema.enum.map((v) => ({ value: v as string, label: group ? label(t, group, String(v)) : String(v) }));
    input = options.length <= 4
      ? <Radio.Group id={id} options={options} optionType="button" />
      : <Select id={id} options={options} placeholder={t('actionPanel.choose')} />;
  } else if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined || schema.maximum !== undefined) {
      rules.push({ type: 'number', min: schema.minimum, max: schema.maximum, message: t('actionPanel.range', { min: schema.minimum ?? '', max: schema.maximum ?? '' }) });
    }
    input = <InputNumber id={id} min={schema.minimum} max={schema.maximum} precision={type === 'integer' ? 0 : undefined} style={{ width: 160 }} />;
  } else if (type === 'boolean') {
    if (required) {
      rules.push({ required: true, message: t('actionPanel.required') });
      input = <Radio.Group id={id} optionType="button" options={[{ value: true, label: t('app.yes') }, { value: false, label: t('app.no') }]} />;
    } else {
      valuePropName = 'checked';
      input = <Checkbox id={id}>{text}</Checkbox>;
    }
  } else {
    const max = schema.maxLength;
    if (max) rules.push({ max, message: t('actionPanel.tooLong', { max }) });
    if (schema.pattern) rules.push({ pattern: new RegExp(schema.pattern), message: t('actionPanel.invalid') });
    rules.push({ whitespace: required, message: t('actionPanel.required') });
    input = max && max > 500
      ? <Input.TextArea id={id} rows={name === 'text' || name === 'facts' ? 5 : 3} maxLength={max} showCount />
      : <Input id={id} maxLength={max} autoComplete="off" />;
  }
  return (
    <Form.Item
      name={path}
      label={valuePropName ? undefined : text}
      htmlFor={id}
      rules={rules}
      valuePropName={valuePropName}
      extra={schema.description}
      required={required}
      tooltip={required ? undefined : t('actionPanel.optional')}
    >
      {input}
    </Form.Item>
  );
}

export function SchemaFields({ schema, ctx, form }: { schema: JsonSchema; ctx: FieldContext; form: FormInstance }) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([k, v]) => (
        <Field key={k} name={k} schema={v} required={(schema.required ?? []).includes(k)} path={[k]} ctx={ctx} form={form} />
      ))}
    </>
  );
}

/** Drops what was left empty (the API refuses empty strings and unknown keys): optional means absent. */
export function cleanValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleanValues);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = cleanValues(v);
      if (c === undefined || c === null || c === '' || (typeof c === 'object' && !Array.isArray(c) && Object.keys(c as object).length === 0)) continue;
      out[k] = typeof c === 'string' ? c.trim() : c;
    }
    return out;
  }
  return value;
}
