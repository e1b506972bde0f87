// Encodes the body of a request plan (JSON, text, URL-encoded form, multipart) into the bytes that go
// upstream, and the content-type that says what they are.

/** What a request body is sent as: text (JSON, a form) or bytes (multipart). */
export type EncodedBody = string | Uint8Array;

export type RequestBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; value: string; contentType: string }
  | { kind: 'form'; value: Record<string, unknown> }
  | { kind: 'multipart'; value: Record<string, unknown> };

function appendFormValue(
  target: { append(name: string, value: string): void },
  name: string,
  value: unknown,
): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) appendFormValue(target, name, v);
    return;
  }
  target.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

function appendMultipartValue(form: FormData, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) appendMultipartValue(form, name, v);
    return;
  }
  if (value instanceof Blob) {
    form.append(name, value, (value as Blob & { name?: string }).name ?? name);
    return;
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    form.append(name, new Blob([value as Uint8Array<ArrayBuffer>]), name);
    return;
  }
  form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** Encodes a request body; sets content-type (and, for multipart, the boundary) in `headers`. */
export async function encodeBody(
  body: RequestBody | undefined,
  headers: Record<string, string>,
): Promise<EncodedBody | undefined> {
  if (!body) return undefined;
  switch (body.kind) {
    case 'json': {
      headers['content-type'] ??= 'application/json';
      return JSON.stringify(body.value === undefined ? null : body.value);
    }
    case 'text': {
      headers['content-type'] ??= body.contentType;
      return body.value;
    }
    case 'form': {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(body.value)) appendFormValue(form, k, v);
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
      return form.toString();
    }
    case 'multipart': {
      const form = new FormData();
      for (const [k, v] of Object.entries(body.value)) appendMultipartValue(form, k, v);
      // Response serialises FormData exactly as fetch would, boundary included.
      const encoded = new Response(form);
      headers['content-type'] = encoded.headers.get('content-type') ?? 'multipart/form-data';
      return new Uint8Array(await encoded.arrayBuffer());
    }
  }
}
