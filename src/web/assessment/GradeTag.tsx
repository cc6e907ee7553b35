import { Tag } from 'antd';
import { assessmentGradeLabels, type AssessmentGrade } from '../../contracts/assessment.js';

export const gradeColors: Record<AssessmentGrade, string> = { excellent: 'green', good: 'blue', pass: 'gold', fail: 'red' };
export const gradeHex: Record<AssessmentGrade, string> = { excellent: '#52c41a', good: '#1677ff', pass: '#faad14', fail: '#ff4d4f' };

/** A unit's grade (优秀 / 良好 / 合格 / 不合格); a vetoed unit says so. */
export function GradeTag({ grade, vetoed }: { grade: AssessmentGrade | null; vetoed?: boolean }) {
  if (!grade) return <Tag>暂无得分</Tag>;
  return (
    <Tag color={gradeColors[grade]} data-testid="grade-tag">
      {assessmentGradeLabels[grade]}
      {vetoed ? '（一票否决）' : ''}
    </Tag>
  );
}
