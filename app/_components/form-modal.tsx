'use client';
// A dialog that edits one record in a form: open with `values`, closed with null. Each opening
// gets a form of its own that starts from those values, so nothing typed into an earlier opening
// (cancelled, or still fading out) shows up in the next, and no form is touched before it exists.
// The dialog's OK button and Enter in a field both submit the form, which validates it first.
// The OK button is the form's default button: Enter submits by clicking it, and a click on it is
// refused while it shows the save under way, so a second Enter does not save twice.
// A refused save (`error`) is shown where it belongs: each field the server refused gets its
// message under it, and whatever names no field of the form is shown above the fields.
import { useState, type ReactNode } from 'react';
import { Form, Modal, type ModalProps } from 'antd';
import { ServerError, type FieldOf } from './server-error';

export interface FormModalProps<V> extends Omit<ModalProps, 'open' | 'onOk' | 'modalRender' | 'destroyOnHidden' | 'children'> {
  /** The values the form opens with; null while the dialog is closed. A new object opens a new form. */
  values: Partial<V> | null;
  onFinish: (values: V) => void;
  /** The last save's error (the mutation's `error`), shown on the fields it names and above them. */
  error?: unknown;
  /** The form field an input path names, where the form's names differ from the API's (default: the same path). */
  fieldOf?: FieldOf;
  children: ReactNode;
}

export function FormModal<V extends object>({ values, onFinish, error, fieldOf, children, okButtonProps, ...modal }: FormModalProps<V>) {
  // Each opening (or new values while open) gets a new key, so a new form; the values stay while
  // the dialog fades out. State adjusted while rendering, as React documents for props that reset it.
  const [opening, setOpening] = useState({ key: 0, values, open: false });
  // A refusal is what the last save said; once the person edits the form, its banner has had its say.
  const [editedSince, setEditedSince] = useState<unknown>(null);
  if (values !== null && (!opening.open || values !== opening.values)) setOpening({ key: opening.key + 1, values, open: true });
  else if (values === null && opening.open) setOpening({ ...opening, open: false });
  return (
    <Modal
      {...modal}
      open={values !== null}
      destroyOnHidden
      okButtonProps={{ ...okButtonProps, htmlType: 'submit' }}
      modalRender={(dialog) => (
        <Form<V> key={opening.key} layout="vertical" initialValues={opening.values ?? undefined} onFinish={onFinish} onValuesChange={() => setEditedSince(error)}>
          {dialog}
        </Form>
      )}
    >
      <ServerError error={error === editedSince ? null : error} fieldOf={fieldOf} />
      {children}
    </Modal>
  );
}
