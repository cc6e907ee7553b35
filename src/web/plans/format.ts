const labels = ['第一季度', '第二季度', '第三季度', '第四季度'];
export const quarterLabel = (q: number) => labels[q - 1] ?? `第${q}季度`;
export const quarterOptions = labels.map((label, i) => ({ value: i + 1, label }));
