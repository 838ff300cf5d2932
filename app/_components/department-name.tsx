'use client';
import { useTranslations } from 'next-intl';
import { Department } from '@/server/auth/roles';

export function DepartmentName({ department }: { department: string }) {
  const t = useTranslations('shell.departments');
  const parsed = Department.safeParse(department);
  return <>{parsed.success ? t(parsed.data) : department}</>;
}
