import { ApartmentOutlined, BankOutlined, EnvironmentOutlined, ReadOutlined, SearchOutlined } from '@ant-design/icons';
import { Card, Empty, Input, Spin, Tree, Typography, type TreeDataNode } from 'antd';
import { useEffect, useMemo, useState, type Key, type ReactNode } from 'react';
import type { UnitKind } from '../../contracts/enums.js';
import type { UnitTreeItem } from '../api.js';
import { buildUnitTree, useUnitTree, type UnitNode } from './tree.js';

const kindIcons: Record<UnitKind, ReactNode> = {
  city_bureau: <BankOutlined />,
  bureau: <BankOutlined />,
  department: <ApartmentOutlined />,
  town: <EnvironmentOutlined />,
  school: <ReadOutlined />,
};

function highlight(name: string, term: string): ReactNode {
  if (!term) return name;
  const i = name.toLowerCase().indexOf(term.toLowerCase());
  if (i < 0) return name;
  return (
    <>
      {name.slice(0, i)}
      <span className="tree-hit">{name.slice(i, i + term.length)}</span>
      {name.slice(i + term.length)}
    </>
  );
}

/**
 * The unit tree with a search box: typing keeps the matching units and the way down to them,
 * highlights the match and opens the branches. Selecting a unit with children filters the table
 * to everything below it; selecting one without children opens its details.
 */
export function UnitTreePanel({
  selectedId,
  onSelectBranch,
  onOpenLeaf,
}: {
  selectedId: number | undefined;
  onSelectBranch: (item: UnitTreeItem | undefined) => void;
  onOpenLeaf: (item: UnitTreeItem) => void;
}) {
  const tree = useUnitTree();
  const [term, setTerm] = useState('');
  const [expanded, setExpanded] = useState<Key[] | null>(null);

  const roots = useMemo(() => buildUnitTree(tree.data?.items ?? []), [tree.data]);
  const byId = useMemo(() => new Map((tree.data?.items ?? []).map((i) => [i.id, i])), [tree.data]);
  const childCount = useMemo(() => {
    const m = new Map<number, number>();
    for (const i of tree.data?.items ?? []) if (i.parentId !== null) m.set(i.parentId, (m.get(i.parentId) ?? 0) + 1);
    return m;
  }, [tree.data]);

  // At first: the roots and their children open.
  useEffect(() => {
    if (expanded === null && roots.length) setExpanded(roots.map((r) => r.item.id));
  }, [roots, expanded]);

  const needle = term.trim();
  const { treeData, matchCount, searchExpanded } = useMemo(() => {
    const lower = needle.toLowerCase();
    let matches = 0;
    const open: number[] = [];
    const convert = (n: UnitNode): TreeDataNode | null => {
      const hit = lower !== '' && n.item.name.toLowerCase().includes(lower);
      if (hit) matches++;
      const children = n.children.map(convert).filter((c): c is TreeDataNode => c !== null);
      if (lower && !hit && children.length === 0) return null;
      if (lower && children.length) open.push(n.item.id);
      const disabled = n.item.status === 'disabled';
      return {
        key: n.item.id,
        icon: kindIcons[n.item.kind],
        title: (
          <span style={disabled ? { color: 'rgba(0,0,0,0.35)' } : undefined}>
            {highlight(n.item.name, needle)}
            {disabled && '（已停用）'}
          </span>
        ),
        children: children.length ? children : undefined,
        isLeaf: children.length === 0,
      };
    };
    const data = roots.map(convert).filter((c): c is TreeDataNode => c !== null);
    return { treeData: data, matchCount: matches, searchExpanded: open };
  }, [roots, needle]);

  return (
    <Card
      size="small"
      title="单位树"
      extra={<Typography.Text type="secondary">点击单位筛选其下级</Typography.Text>}
      styles={{ body: { padding: 12 } }}
    >
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder="搜索单位名称"
        value={term}
        onChange={(e) => setTerm(e.target.value)}
        style={{ marginBottom: 8 }}
        data-testid="unit-tree-search"
      />
      {needle && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 12 }}>
          找到 {matchCount} 个匹配的单位
        </Typography.Text>
      )}
      {tree.isPending ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <Spin />
        </div>
      ) : treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={needle ? '没有匹配的单位，请换个关键字' : '暂无单位'} />
      ) : (
        <div data-testid="unit-tree">
          <Tree
            showIcon
            blockNode
            height={Math.max(360, window.innerHeight - 300)}
            treeData={treeData}
            expandedKeys={needle ? searchExpanded : (expanded ?? [])}
            onExpand={(keys) => {
              if (!needle) setExpanded(keys);
            }}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys, info) => {
              const id = Number(info.node.key);
              const item = byId.get(id);
              if (!item) return;
              if (!childCount.get(id)) {
                onOpenLeaf(item);
                return;
              }
              onSelectBranch(keys.length ? item : undefined);
            }}
          />
        </div>
      )}
    </Card>
  );
}
