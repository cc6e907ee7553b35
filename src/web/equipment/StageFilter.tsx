// 学段: the bureau's filter of a school ledger by the schools' stage (issue 15, oversight), beside
// the town and school filters; a school's own people do not see it.
import { schoolStageLabels, schoolStages, type SchoolStage } from '../../contracts/enums.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { pick, useSearchState } from '../components/useSearchState.js';
import { useLedgerViewer } from '../ledger/ledgerParts.js';

export const stageOf = (v: string | undefined) => pick(v, schoolStages);

export function StageFilter({ value }: { value: SchoolStage | undefined }) {
  const { isSchool } = useLedgerViewer();
  const s = useSearchState();
  if (isSchool) return null;
  return <EnumFilter placeholder="学段" labels={schoolStageLabels} value={value} onChange={(v) => s.set({ stage: v })} minWidth={110} />;
}
