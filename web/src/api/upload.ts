/** An upload with its progress (XMLHttpRequest: the browser only; the tests that load client.ts run in Node). */
import { ApiError, currentCsrfToken, errorOf } from "./client.ts";

/**
 * Uploads one file as multipart/form-data (the API's upload routes take one file, its type read
 * from its content), reporting the bytes sent as they go: fetch cannot report an upload's
 * progress, XMLHttpRequest can. Same session, CSRF header and errors as every other call.
 */
export function uploadFile<T>(path: string, file: Blob & { name?: string }, options: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal } = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", path);
    request.withCredentials = true;
    request.setRequestHeader("accept", "application/json");
    const csrfToken = currentCsrfToken();
    if (csrfToken) request.setRequestHeader("x-csrf-token", csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(errorOf(request.status, body));
    };
    request.onerror = () => reject(new ApiError(0, "NETWORK", null));
    request.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    options.signal?.addEventListener("abort", () => request.abort(), { once: true });
    const form = new FormData();
    form.append("file", file, file.name ?? "document");
    request.send(form);
  });
}
