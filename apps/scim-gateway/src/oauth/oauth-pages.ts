/** Minimal, dependency-free HTML for the few pages a person sees during the OAuth flows. */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#57606a}
button{font:inherit;padding:.5rem 1.2rem;margin-right:.5rem;border-radius:6px;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer}
button.primary{background:#1f6feb;border-color:#1f6feb;color:#fff}code{background:#f6f8fa;padding:0 .3rem}</style>
</head><body>${body}</body></html>`;
}

export function renderOAuthError(out: { error: string; error_description?: string }): string {
  return page(
    'Authorization failed',
    `<h1>Authorization failed</h1><p><code>${escapeHtml(out.error)}</code></p>` +
      `<p>${escapeHtml(out.error_description ?? 'The request could not be completed.')}</p>`,
  );
}
