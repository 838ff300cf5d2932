'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';

/** "New campaign": asks for a name, creates an empty draft and opens it in the designer. */
export function NewCampaignButton() {
  const t = useTranslations('campaigns.new');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const create = useMutation(
    trpc.campaigns.create.mutationOptions({
      onSuccess: async (campaign) => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaigns.list.queryKey() });
        setOpen(false);
        router.push(`/campaigns/${campaign.id}`);
      },
    }),
  );

  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-campaign">
        {t('button')}
      </Button>
      <Modal
        open={open}
        title={t('title')}
        okText={t('create')}
        cancelText={tc('cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'new-campaign-create' } as Record<string, string>}
        destroyOnHidden
      >
        {create.error && <Alert type="error" showIcon title={create.error.message} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate({ name: v.name })} preserve={false}>
          <Form.Item label={t('name')} name="name" rules={[{ required: true, whitespace: true, max: 200, message: t('nameRequired') }]}>
            <Input autoFocus data-testid="new-campaign-name" placeholder={t('namePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
