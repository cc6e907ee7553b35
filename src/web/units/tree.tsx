import { useQuery } from '@tanstack/react-query';
import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { api, type UnitTreeItem } from '../api.js';

export const UNIT_TREE_KEY = ['units', 'tree'] as const;

export function useUnitTree(enabled = true) {
  return useQuery({ queryKey: UNIT_TREE_KEY, queryFn: api.unitTree, enabled, staleTime: 60_000 });
}

export interface UnitNode {
  item: UnitTreeItem;
  children: UnitNode[];
}

/** Nests the flat list by parentId; units whose parent is not visible become roots. */
export function buildUnitTree(items: UnitTreeItem[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>(items.map((item) => [item.id, { item, children: [] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.item.parentId !== null ? nodes.get(node.item.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

interface SelectNode {
  value: number;
  title: string;
  label: string;
  disabled?: boolean;
  children?: SelectNode[];
}

/**
 * Chooses one unit from the tree the person can see. `selectable` decides which units may be
 * chosen (an active unit for a person, a unit that may have children for a new unit).
 */
export function UnitTreeSelect({
  selectable,
  ...props
}: Omit<TreeSelectProps<number>, 'treeData'> & { selectable?: (item: UnitTreeItem) => boolean }) {
  const tree = useUnitTree();
  const { treeData, rootIds } = useMemo(() => {
    const toSelect = (n: UnitNode): SelectNode => ({
      value: n.item.id,
      title: n.item.status === 'disabled' ? `${n.item.name}（已停用）` : n.item.name,
      label: n.item.name,
      disabled: selectable ? !selectable(n.item) : false,
      children: n.children.length ? n.children.map(toSelect) : undefined,
    });
    const roots = buildUnitTree(tree.data?.items ?? []);
    return { treeData: roots.map(toSelect), rootIds: roots.map((r) => r.item.id) };
  }, [tree.data, selectable]);

  return (
    <TreeSelect<number>
      key={rootIds.join(',')}
      showSearch
      treeNodeFilterProp="title"
      treeNodeLabelProp="label"
      treeData={treeData}
      treeDefaultExpandedKeys={rootIds}
      loading={tree.isPending}
      placeholder="请选择单位（可输入名称搜索）"
      notFoundContent={tree.isPending ? '加载中…' : '没有匹配的单位'}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
      {...props}
    />
  );
}
