import { LOCALES, Locale } from '@rightsflow/contracts';
import { html, SafeHtml } from './html';
import { englishText, PAGE_CATALOGUES, PageText } from './i18n/page-text';

export interface PageOptions {
  title: string;
  brandName: string;
  body: SafeHtml;
  /** The page's language; operators' pages (metrics, codec sign-in) are English. */
  text?: PageText;
  /** The same page in each language: the switch's links (every page a person sees has them). */
  languageHref?: (locale: Locale) => string;
}

/** The switch: every language by its own name, the current one marked for screen readers. */
function languageSwitch(text: PageText, href: (locale: Locale) => string): SafeHtml {
  return html`<nav class="languages" aria-label="${text.t('language.switch')}"><ul>${LOCALES.map((locale) => {
    const name = PAGE_CATALOGUES[locale].language.name;
    return locale === text.locale
      ? html`<li><span aria-current="true" lang="${locale}">${name}</span></li>`
      : html`<li><a href="${href(locale)}" lang="${locale}" hreflang="${locale}">${name}</a></li>`;
  })}</ul></nav>`;
}

/** Every page: one stylesheet from this origin, no scripts, a skip link, a main landmark, the language switch. */
export function page({ title, brandName, body, text = englishText(), languageHref }: PageOptions): string {
  const siteName = text.t('layout.titleSuffix', { brandName });
  return html`<!doctype html>
<html lang="${text.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – ${siteName}</title>
<link rel="stylesheet" href="/assets/intake.css">
</head>
<body>
<a class="skip" href="#main">${text.t('layout.skip')}</a>
<header class="site"><div class="wrap"><a class="brand" href="/?lang=${text.locale}">${siteName}</a>${languageHref ? languageSwitch(text, languageHref) : ''}</div></header>
<main id="main" class="wrap" tabindex="-1">
${body}
</main>
<footer class="site"><div class="wrap"><p>${text.t('layout.footer')} <a href="/api/docs">${text.t('layout.apiDocs')}</a></p></div></footer>
</body>
</html>`.value;
}

export type PageFrame = Pick<PageOptions, 'brandName' | 'text' | 'languageHref'>;

/** A page that only says something (errors, "done"). */
export function messagePage(frame: PageFrame, title: string, paragraphs: (string | SafeHtml)[], actions: SafeHtml = html``): string {
  return page({
    ...frame,
    title,
    body: html`<h1>${title}</h1>${paragraphs.map((p) => html`<p>${p}</p>`)}${actions}`,
  });
}
