/**
 * Uploading documents, the one way every form does it: drop files on the zone, choose them,
 * or take a photo with the phone's camera (`capture="environment"`); the types accepted and
 * the size limit are said before anything is sent, as the server states them
 * (GET /api/v1/documents/upload-limits); each file has its own progress bar (the bytes
 * sent, then the server's checks), and a refusal shows the server's message in the
 * interface's language with its stable code (DOCUMENT_ACTIVE_CONTENT, PAYLOAD_TOO_LARGE …).
 * A file too large, or plainly of another type, is refused here before it is sent; the
 * server decides the rest from the content. The form gets the documents uploaded (to name
 * them when it is filed) and whether an upload is still running.
 */
import { useEffect, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { asApiError, type ApiError } from "../api/client.ts";
import { uploadFile } from "../api/upload.ts";
import { useUploadLimits } from "../api/resources.ts";
import { currentLang } from "../i18n/index.ts";
import { errorText } from "./states.tsx";

/** What the upload routes answer that a form needs: the document's id (a title copy's upload answers with its submission). */
export interface Uploaded {
  id: string;
  name: string | null;
  mediaType?: string;
  sizeBytes?: number;
}

type Item = {
  key: number;
  name: string;
  size: number;
  /** 0 … 1 of the bytes sent. */
  sent: number;
  state: "sending" | "checking" | "done" | "refused";
  uploaded?: Uploaded;
  /** The server's refusal, or this page's own (too large, not an accepted type) as a translation key with its code. */
  error?: ApiError | { code: string; key: string; values?: Record<string, string> };
};

const typeNames: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG" };

/** Megabytes, one decimal at most, in the interface's digits. */
export function megabytes(bytes: number, lang: "ar" | "en"): string {
  return new Intl.NumberFormat(lang === "ar" ? "ar-KW" : "en", { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
}

export function DocumentUpload({
  id,
  label,
  hint,
  target,
  multiple = true,
  onChange,
  onBusyChange,
  toUploaded = (answer) => answer as Uploaded,
  initial = [],
}: {
  id: string;
  label: string;
  hint?: string;
  /** Where each file is POSTed (multipart, one file). */
  target: string;
  multiple?: boolean;
  onChange: (uploaded: Uploaded[]) => void;
  onBusyChange?: (busy: boolean) => void;
  toUploaded?: (answer: unknown) => Uploaded;
  /** Uploaded already (a form's step shown again): listed as done. */
  initial?: Uploaded[];
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const limits = useUploadLimits();
  const nextKey = useRef(initial.length + 1);
  const [items, setItems] = useState<Item[]>(() =>
    initial.map((uploaded, index) => ({ key: index + 1, name: uploaded.name ?? "", size: uploaded.sizeBytes ?? 0, sent: 1, state: "done", uploaded })),
  );
  const [dragging, setDragging] = useState(false);
  const chooser = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const controllers = useRef(new Map<number, AbortController>());

  const busy = items.some((item) => item.state === "sending" || item.state === "checking");
  const uploadedKey = items.map((item) => (item.state === "done" ? item.uploaded?.id : "")).join(",");
  // The form hears of a change only: when an upload starts or ends, and when the set of documents uploaded changes.
  useEffect(() => onBusyChange?.(busy), [busy]);
  useEffect(() => onChange(items.flatMap((item) => (item.state === "done" && item.uploaded ? [item.uploaded] : []))), [uploadedKey]);
  useEffect(() => () => controllers.current.forEach((controller) => controller.abort()), []);

  const known = limits.state === "ready" ? limits.data : null;
  const accept = known ? [...known.mediaTypes, ...known.extensions].join(",") : "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png";
  const update = (key: number, patch: Partial<Item>) => setItems((previous) => previous.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  const send = (files: File[]) => {
    const chosen = multiple ? files : files.slice(0, 1);
    if (chosen.length === 0) return;
    const added: Item[] = chosen.map((file) => ({ key: nextKey.current++, name: file.name, size: file.size, sent: 0, state: "sending" }));
    setItems((previous) => [...(multiple ? previous : previous.filter((item) => item.state === "sending" || item.state === "checking")), ...added]);
    chosen.forEach((file, index) => {
      const item = added[index]!;
      const extension = /\.[^.]+$/.exec(file.name)?.[0]?.toLowerCase() ?? "";
      if (known && file.size > known.maxBytes) {
        update(item.key, { state: "refused", error: { code: "PAYLOAD_TOO_LARGE", key: "upload.tooLarge", values: { size: megabytes(known.maxBytes, lang) } } });
        return;
      }
      if (known && file.type !== "" && !known.mediaTypes.includes(file.type as never) && !known.extensions.includes(extension)) {
        update(item.key, { state: "refused", error: { code: "UNSUPPORTED_MEDIA_TYPE", key: "upload.wrongType" } });
        return;
      }
      const controller = new AbortController();
      controllers.current.set(item.key, controller);
      uploadFile<unknown>(target, file, {
        signal: controller.signal,
        // Every byte sent: the server now reads and checks it (a PDF is inspected by qpdf).
        onProgress: (sent, total) => update(item.key, { sent: total > 0 ? sent / total : 1, state: sent >= total ? "checking" : "sending" }),
      })
        .then((answer) => update(item.key, { sent: 1, state: "done", uploaded: toUploaded(answer) }))
        .catch((error: unknown) => {
          if ((error as Error)?.name === "AbortError") return;
          update(item.key, { state: "refused", error: asApiError(error) });
        })
        .finally(() => controllers.current.delete(item.key));
    });
  };

  const remove = (key: number) => {
    controllers.current.get(key)?.abort();
    setItems((previous) => previous.filter((item) => item.key !== key));
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    send([...event.dataTransfer.files]);
  };

  const problem = (item: Item) => {
    if (!item.error) return null;
    const text = "key" in item.error ? t(item.error.key, item.error.values) : errorText(item.error, t);
    return (
      <p className="error-text" role="alert" data-code={item.error.code}>
        {text} <span className="muted">({t("upload.code")}: <code dir="ltr">{item.error.code}</code>)</span>
      </p>
    );
  };

  return (
    <fieldset className="upload field" id={id} data-busy={busy ? "true" : undefined}>
      <legend>{label}</legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <p className="hint upload-limits" id={`${id}-limits`}>
        {known ? (
          <>
            {t("upload.typesAccepted")}{" "}
            {known.mediaTypes.map((type, index) => (
              <span key={type}>
                {index > 0 ? t("upload.or") : null}
                <bdi dir="ltr">{typeNames[type] ?? type}</bdi>
              </span>
            ))}
            {" — "}
            {t("upload.sizeLimit", { size: megabytes(known.maxBytes, lang) })}
          </>
        ) : (
          t("upload.limitsLoading")
        )}
      </p>
      <div
        className={dragging ? "drop-zone dragging" : "drop-zone"}
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => event.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        data-testid={`${id}-drop`}
      >
        <p className="muted">{t("upload.dropHere")}</p>
        <div className="upload-buttons">
          <button type="button" className="button secondary" id={`${id}-choose`} onClick={() => chooser.current?.click()} aria-describedby={`${id}-limits`}>
            {t(multiple ? "upload.chooseFiles" : "upload.chooseFile")}
          </button>
          <button type="button" className="button secondary" id={`${id}-camera`} onClick={() => camera.current?.click()} aria-describedby={`${id}-limits`}>
            {t("upload.takePhoto")}
          </button>
        </div>
        <input
          ref={chooser}
          type="file"
          hidden
          id={`${id}-file`}
          accept={accept}
          multiple={multiple}
          onChange={(event) => {
            send([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
        <input
          ref={camera}
          type="file"
          hidden
          id={`${id}-photo`}
          accept="image/jpeg,image/png"
          capture="environment"
          onChange={(event) => {
            send([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
      </div>
      {items.length > 0 ? (
        <ul className="upload-list" aria-live="polite">
          {items.map((item) => {
            const percent = Math.round(item.sent * 100);
            return (
              <li key={item.key} data-state={item.state} data-document-id={item.uploaded?.id}>
                <span className="upload-name">
                  <bdi dir="ltr">{item.name}</bdi> <span className="muted">({t("upload.size", { size: megabytes(item.size, lang) })})</span>
                </span>
                {item.state === "refused" ? null : (
                  <span className="upload-progress">
                    <progress max={100} value={percent} aria-label={t("upload.progressOf", { name: item.name })} />
                    <span className="muted">
                      {item.state === "sending" ? t("upload.sending", { percent }) : item.state === "checking" ? t("upload.checking") : t("upload.done")}
                    </span>
                  </span>
                )}
                {problem(item)}
                <button type="button" className="link-button" onClick={() => remove(item.key)} aria-label={t("upload.removeNamed", { name: item.name })}>
                  {item.state === "sending" || item.state === "checking" ? t("upload.cancel") : t("upload.remove")}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </fieldset>
  );
}
