/**
 * The frame of the debtor's one-thing pages (pay, propose instalments, dispute): the file
 * named as the debtor's, the way back to it, and — unless the page says otherwise — only
 * for an open file against the person signed in.
 */
import { useTranslation } from "react-i18next";
import { FileTask, type FileTaskProps } from "../../components/file-task.tsx";
import { mayActOn } from "./debtor-file.ts";

export function DebtorTask(props: Omit<FileTaskProps, "allows" | "refusal"> & Partial<Pick<FileTaskProps, "allows" | "refusal">>) {
  const { t } = useTranslation();
  return <FileTask needsMe allows={mayActOn} refusal={() => t("debts.notYours")} fileLabel="debts.file" back={(fileId) => `/debts/${fileId}`} {...props} />;
}
