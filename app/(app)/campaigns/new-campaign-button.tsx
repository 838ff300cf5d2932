'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { FLOW_TEMPLATES, templateName } from './flow-templates';

/** "New campaign": asks for a name and a starting template, creates the draft and opens it in the designer. */
export function NewCampaignButton() {
  const t = useTranslations('campaigns.new');
  const tt = useTranslations('designerTools.templates');
  const locale = useLocale();
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ name: string; template?: string }>();
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
        // A click beside the dialog (a template list closing under the pointer) must not throw away
        // what was typed: it closes by Cancel, the close button or Esc.
        mask={{ closable: false }}
        okButtonProps={{ 'data-testid': 'new-campaign-create' } as Record<string, string>}
        destroyOnHidden
      >
        {create.error && <Alert type="error" showIcon title={create.error.message} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => {
            const tpl = FLOW_TEMPLATES.find((x) => x.id === v.template);
            create.mutate({ name: v.name, ...(tpl ? { graph: { ...tpl.graph, name: v.name } } : {}) });
          }} preserve={false}>
          <Form.Item label={t('name')} name="name" rules={[{ required: true, whitespace: true, max: 200, message: t('nameRequired') }]}>
            <Input autoFocus data-testid="new-campaign-name" placeholder={t('namePlaceholder')} />
          </Form.Item>
          <Form.Item label={tt('label')} name="template" htmlFor="new-campaign-template">
            <Select
              id="new-campaign-template"
              data-testid="new-campaign-template"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={tt('blank')}
              options={FLOW_TEMPLATES.map((x) => ({ value: x.id, label: templateName(x, locale) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
