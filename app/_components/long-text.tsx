'use client';
import { Flex, Typography } from 'antd';

/** The most of a value a hover shows; the copy button copies all of it. */
const TOOLTIP_CHARS = 500;

/**
 * Text that may be any length — an id or a message sent from outside (a partner's 5,000-character
 * eventId, a database error) — at most `width` pixels wide, cut with an ellipsis (one line, `code`
 * if asked; or `rows` lines of prose), the value on hover and a copy button beside it that copies
 * all of it. A table cell holding it never grows past that width, so the row's actions stay in the
 * window. The cut is CSS only: the whole value stays in the page (found by the browser's search).
 * (antd's own `copyable` would cut the text in script instead, dropping the rest from the page.)
 */
export function LongText({
  value,
  width = 240,
  rows = 1,
  code = false,
  type,
  copyable = true,
  testId,
}: {
  value: string;
  width?: number;
  rows?: number;
  code?: boolean;
  type?: 'secondary' | 'danger';
  copyable?: boolean;
  testId?: string;
}) {
  const tooltip = value.length > TOOLTIP_CHARS ? `${value.slice(0, TOOLTIP_CHARS)}…` : value;
  const text =
    rows > 1 ? (
      <Typography.Paragraph type={type} ellipsis={{ rows, tooltip }} style={{ marginBottom: 0, wordBreak: 'break-word', minWidth: 0 }}>
        {value}
      </Typography.Paragraph>
    ) : (
      <Typography.Text type={type} code={code} ellipsis={{ tooltip }} style={{ minWidth: 0 }}>
        {value}
      </Typography.Text>
    );
  return (
    <Flex align="start" gap={2} style={{ maxWidth: width }} data-testid={testId}>
      {text}
      {copyable && <Typography.Text copyable={{ text: value }} style={{ flex: 'none' }} />}
    </Flex>
  );
}
