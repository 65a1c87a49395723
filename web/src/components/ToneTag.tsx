// Tags in colours that keep at least 4.5:1 contrast (WCAG AA) between text and background: Ant Design's
// preset gold, orange, volcano, cyan and green tags do not.
import { Tag } from 'antd';

export type Tone = 'red' | 'volcano' | 'orange' | 'gold' | 'green' | 'cyan' | 'blue' | 'geekblue' | 'purple' | 'magenta' | 'grey';

const TONES: Record<Tone, { color: string; background: string; borderColor: string }> = {
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  volcano: { color: '#ad2102', background: '#fff2e8', borderColor: '#ffbb96' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  gold: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  cyan: { color: '#00474f', background: '#e6fffb', borderColor: '#87e8de' },
  blue: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  geekblue: { color: '#10239e', background: '#f0f5ff', borderColor: '#adc6ff' },
  purple: { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' },
  magenta: { color: '#9e1068', background: '#fff0f6', borderColor: '#ffadd2' },
  grey: { color: '#262626', background: '#fafafa', borderColor: '#d9d9d9' },
};

export function ToneTag({ tone, children, ...rest }: { tone: Tone; children: React.ReactNode } & Record<`data-${string}`, string>) {
  return <Tag style={TONES[tone]} {...rest}>{children}</Tag>;
}
