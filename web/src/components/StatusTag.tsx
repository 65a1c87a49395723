import { useTranslation } from 'react-i18next';
import { label } from '../lib/format';
import { ToneTag, type Tone } from './ToneTag';

// Colours by family of state; a status the console does not know yet is shown plainly.
const TONE: Record<string, Tone> = {
  registered: 'blue', routed: 'geekblue', accepted: 'cyan', in_handling: 'blue', awaiting_delivery: 'purple', awaiting_evaluation: 'purple',
  return_visit_required: 'orange', appeal_window: 'gold', in_review: 'magenta', in_re_review: 'magenta', closed: 'grey',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <ToneTag tone={TONE[status] ?? 'grey'} data-status={status}>{label(t, 'status', status)}</ToneTag>;
}
