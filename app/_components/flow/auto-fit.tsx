'use client';
import { useEffect, useRef } from 'react';
import { useReactFlow, useStore } from '@xyflow/react';
import type { FlowRfEdge, FlowRfNode } from './graph-convert';
import { openingView } from './opening-view';

/**
 * Fits the flow to the canvas (a large one: its entry, see opening-view.ts) when the canvas changes size: a canvas inside an opening drawer or
 * a layout that settles after load is measured too early for React Flow's own `fitView`.
 * With `settleMs`, only size changes in that first moment count, so a designer's pan and zoom
 * are never taken away from them.
 */
export function AutoFit({ settleMs }: { settleMs?: number }) {
  const { fitView, getNodes } = useReactFlow<FlowRfNode, FlowRfEdge>();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const mountedAt = useRef(0);

  useEffect(() => {
    mountedAt.current = Date.now();
  }, []);

  useEffect(() => {
    if (!width || !height) return;
    if (settleMs !== undefined && Date.now() - mountedAt.current > settleMs) return;
    const timer = setTimeout(() => fitView(openingView(getNodes())), 50);
    return () => clearTimeout(timer);
  }, [width, height, settleMs, fitView, getNodes]);

  return null;
}
