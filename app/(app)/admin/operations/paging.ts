'use client';
import { useState } from 'react';
import type { TablePaginationConfig } from 'antd';

const PAGE_SIZES = [10, 20, 50, 100];

/**
 * A list paged on the server: the page and its size, the table's pagination for `total` rows
 * ("from–to of N" in the caller's words), and a step back to the last page there is when rows were
 * acted on meanwhile. `reset` goes back to page 1 (another filter, another list).
 */
export function usePaging() {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  return {
    page,
    pageSize,
    reset: () => setPage(1),
    /** Call while rendering, once `total` is for the current filter (not a placeholder). */
    clamp: (total: number) => {
      const last = Math.max(1, Math.ceil(total / pageSize));
      if (page > last) setPage(last);
    },
    pagination: (total: number, showTotal: (from: number, to: number, count: number) => string): TablePaginationConfig => ({
      current: page,
      pageSize,
      total,
      pageSizeOptions: PAGE_SIZES,
      showSizeChanger: true,
      // One page and no choice of size worth making: no pagination.
      hideOnSinglePage: total <= PAGE_SIZES[0],
      showTotal: (count, [from, to]) => showTotal(from, to, count),
      onChange: (p, size) => {
        setPage(size === pageSize ? p : 1);
        setPageSize(size);
      },
    }),
  };
}
