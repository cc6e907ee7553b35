// The state and level of a public opinion event in the status colours used everywhere (UX.md):
// overdue red whatever the state, published and closed green, waiting blue or orange.
import { Tag } from 'antd';
export { timelinessLabel as timeliness } from '../../domain/opinion.js';
import { opinionLevelLabels, opinionStateLabels, type OpinionLevel, type OpinionState } from '../../contracts/opinion.js';

const stateColour: Record<OpinionState, string> = { new: 'blue', responding: 'orange', approved: 'cyan', published: 'green', closed: 'default' };
const levelColour: Record<OpinionLevel, string> = { general: 'default', major: 'orange', severe: 'red' };

export function OpinionStateTag({ state, overdue }: { state: OpinionState; overdue?: boolean }) {
  return (
    <>
      <Tag color={stateColour[state]}>{opinionStateLabels[state]}</Tag>
      {overdue && <Tag color="red">超时</Tag>}
    </>
  );
}

export function OpinionLevelTag({ level }: { level: OpinionLevel }) {
  return <Tag color={levelColour[level]}>{opinionLevelLabels[level]}</Tag>;
}

