import type { ReactNode } from 'react';
import {
  BranchesOutlined,
  ClockCircleOutlined,
  DatabaseOutlined,
  MessageOutlined,
  StopOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import type { Category } from '@/workflows';

/** How a category of node looks on the canvas and in the palette. */
export const CATEGORY_VISUALS: Record<Category, { color: string; icon: ReactNode }> = {
  entry: { color: '#389e0d', icon: <ThunderboltOutlined /> },
  decision: { color: '#d46b08', icon: <BranchesOutlined /> },
  time: { color: '#531dab', icon: <ClockCircleOutlined /> },
  contact: { color: '#0b6bcb', icon: <MessageOutlined /> },
  people: { color: '#08979c', icon: <TeamOutlined /> },
  outcome: { color: '#595959', icon: <StopOutlined /> },
  data: { color: '#c41d7f', icon: <DatabaseOutlined /> },
};

export const CATEGORY_ORDER: Category[] = ['entry', 'decision', 'time', 'contact', 'people', 'data', 'outcome'];
