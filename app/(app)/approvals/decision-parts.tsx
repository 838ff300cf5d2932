'use client';
// What both approval drawers share: the comment (required when rejecting), the two buttons, and
// the refusal for want of the role (岗位) the approval node names, in the reader's language.
import { useTranslations } from 'next-intl';
import { Button, Form, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import type { CallError } from '@/app/_lib/trpc-error';

/** The message for a decision refused because the approver lacks the node's role, else null. */
export function useRoleRefusal(): (e: CallError) => string | null {
  const t = useTranslations('closedLoop.signoffs');
  const departments = useTranslations('shell.departments');
  return (e) => {
    if (e.code !== 'FORBIDDEN' || e.details?.reason !== 'role_required') return null;
    const department = String(e.details.department ?? '');
    return t('roleRequired', { role: String(e.details.role ?? ''), department: departments.has(department as never) ? departments(department as never) : department });
  };
}

/** Why this person cannot decide an item that needs a role (岗位) they do not hold, in the reader's language. */
export function useRoleReason(): (role: string, department: string) => string {
  const t = useTranslations('closedLoop.signoffs');
  const departments = useTranslations('shell.departments');
  return (role, department) => t('roleRequired', { role, department: departments.has(department as never) ? departments(department as never) : department });
}

/** The mark on an inbox row this person cannot decide: "needs <role>", the reason on hover. */
export function NeedsRoleTag({ role, department }: { role: string; department: string }) {
  const t = useTranslations('closedLoop.signoffs');
  const reason = useRoleReason();
  return (
    <Tooltip title={`${t('waitsForRole', { role })} ${reason(role, department)}`}>
      <Tag color="gold" data-testid="needs-role" tabIndex={0}>
        {t('needsRole', { role })}
      </Tag>
    </Tooltip>
  );
}

export function DecisionComment(props: {
  id: string;
  label: string;
  hint: string;
  required: string;
  value: string;
  missing: boolean;
  onChange(value: string): void;
}) {
  return (
    <Form layout="vertical" component="div">
      <Form.Item label={props.label} htmlFor={props.id} validateStatus={props.missing ? 'error' : undefined} help={props.missing ? props.required : props.hint}>
        <Input.TextArea
          id={props.id}
          data-testid={props.id}
          value={props.value}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </Form.Item>
    </Form>
  );
}

/** Approve and reject; with `blockedBy` (why this person cannot decide) both are disabled and the reason is shown beside them. */
export function DecisionButtons(props: {
  prefix: string;
  approve: string;
  reject: string;
  busy: boolean;
  blockedBy?: string | null;
  onDecide(decision: 'approved' | 'rejected'): void;
}) {
  const blocked = Boolean(props.blockedBy);
  return (
    <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
      {blocked && (
        <Typography.Text type="warning" data-testid={`${props.prefix}-blocked`} id={`${props.prefix}-blocked`}>
          {props.blockedBy}
        </Typography.Text>
      )}
      <Button
        danger
        icon={<CloseOutlined />}
        onClick={() => props.onDecide('rejected')}
        loading={props.busy}
        disabled={blocked}
        aria-describedby={blocked ? `${props.prefix}-blocked` : undefined}
        data-testid={`${props.prefix}-reject`}
      >
        {props.reject}
      </Button>
      <Button
        type="primary"
        icon={<CheckOutlined />}
        onClick={() => props.onDecide('approved')}
        loading={props.busy}
        disabled={blocked}
        aria-describedby={blocked ? `${props.prefix}-blocked` : undefined}
        data-testid={`${props.prefix}-approve`}
      >
        {props.approve}
      </Button>
    </Space>
  );
}
