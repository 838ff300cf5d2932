'use client';
// What both approval drawers share: the comment (required when rejecting), the two buttons, and
// the refusal for want of the role (岗位) the approval node names, in the reader's language.
import { useTranslations } from 'next-intl';
import { Button, Form, Input, Space } from 'antd';
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

export function DecisionButtons(props: { prefix: string; approve: string; reject: string; busy: boolean; onDecide(decision: 'approved' | 'rejected'): void }) {
  return (
    <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
      <Button danger icon={<CloseOutlined />} onClick={() => props.onDecide('rejected')} loading={props.busy} data-testid={`${props.prefix}-reject`}>
        {props.reject}
      </Button>
      <Button type="primary" icon={<CheckOutlined />} onClick={() => props.onDecide('approved')} loading={props.busy} data-testid={`${props.prefix}-approve`}>
        {props.approve}
      </Button>
    </Space>
  );
}
