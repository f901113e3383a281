import { html, SafeHtml } from './html';

export interface PageOptions {
  title: string;
  brandName: string;
  body: SafeHtml;
}

/** Every page: one stylesheet from this origin, no scripts, a skip link, a main landmark. */
export function page({ title, brandName, body }: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – ${brandName} privacy requests</title>
<link rel="stylesheet" href="/assets/intake.css">
</head>
<body>
<a class="skip" href="#main">Skip to the main content</a>
<header class="site"><div class="wrap"><a class="brand" href="/">${brandName} privacy requests</a></div></header>
<main id="main" class="wrap" tabindex="-1">
${body}
</main>
<footer class="site"><div class="wrap"><p>We use what you send only to handle your request. <a href="/api/docs">API for developers</a></p></div></footer>
</body>
</html>`.value;
}

/** A page that only says something (errors, "done"). */
export function messagePage(brandName: string, title: string, paragraphs: (string | SafeHtml)[], actions: SafeHtml = html``): string {
  return page({
    title,
    brandName,
    body: html`<h1>${title}</h1>${paragraphs.map((p) => html`<p>${p}</p>`)}${actions}`,
  });
}
