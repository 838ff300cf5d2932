'use client';
import { useTranslations } from 'next-intl';
import { Department } from '@/server/auth/roles';

/** A department's name in the reader's language (an unknown code is shown as it is). */
export function useDepartmentName(): (department: string) => string {
  const t = useTranslations('shell.departments');
  return (d) => {
    const parsed = Department.safeParse(d);
    return parsed.success ? t(parsed.data) : d;
  };
}

export function DepartmentName({ department }: { department: string }) {
  return <>{useDepartmentName()(department)}</>;
}
