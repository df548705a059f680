/**
 * A document shown inline: the bytes are fetched with the session (each read is logged by
 * the API), then shown from a blob: address — a PDF in a frame, an image as an image —
 * with its SHA-256 fingerprint and a download link. Nothing is shown while it loads or if
 * it cannot be read (the API's message instead).
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { asApiError, fetchDocument, type ApiError } from "../api/client.ts";
import { ErrorState, Loading } from "./states.tsx";

type Shown = { state: "loading" } | { state: "ready"; url: string; mediaType: string; sha256: string | null } | { state: "error"; error: ApiError };

export function DocumentViewer({ src, title, id }: { src: string; title: string; id?: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<Shown>({ state: "loading" });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let url: string | null = null;
    setShown({ state: "loading" });
    fetchDocument(src, controller.signal)
      .then(({ blob, mediaType, sha256 }) => {
        if (controller.signal.aborted) return;
        url = URL.createObjectURL(blob);
        setShown({ state: "ready", url, mediaType, sha256 });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setShown({ state: "error", error: asApiError(error) });
      });
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [src, generation]);

  if (shown.state === "loading") return <Loading label={t("viewer.loading")} />;
  if (shown.state === "error") return <ErrorState error={shown.error} onRetry={() => setGeneration((value) => value + 1)} />;
  const image = shown.mediaType === "image/png" || shown.mediaType === "image/jpeg";
  return (
    <div className="document-viewer" id={id} data-media-type={shown.mediaType}>
      {image ? (
        <img src={shown.url} alt={title} className="document-image" />
      ) : shown.mediaType === "application/pdf" ? (
        <iframe src={shown.url} title={title} className="document-frame" />
      ) : (
        <p className="muted">{t("viewer.cannotShow")}</p>
      )}
      <p className="muted viewer-meta">
        {shown.sha256 ? (
          <>
            {t("verify.sha256")}: <code dir="ltr">{shown.sha256}</code>{" "}
          </>
        ) : null}
        <a href={shown.url} download>
          {t("viewer.download")}
        </a>
      </p>
    </div>
  );
}
