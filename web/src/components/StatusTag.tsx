import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { label } from '../lib/format';

// Colours by family of state; a status the console does not know yet is shown plainly.
const COLOUR: Record<string, string> = {
  registered: 'blue', routed: 'geekblue', accepted: 'cyan', in_handling: 'processing', awaiting_delivery: 'purple', awaiting_evaluation: 'purple',
  return_visit_required: 'orange', appeal_window: 'gold', in_review: 'magenta', in_re_review: 'magenta', closed: 'default',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={COLOUR[status] ?? 'default'} data-status={status}>{label(t, 'status', status)}</Tag>;
}
