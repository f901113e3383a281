import { Block, MessageCopy } from './blocks';

export interface LayoutChrome {
  /** The html lang attribute. */
  lang: string;
  brandName: string;
  brandColor: string;
  greeting: string;
  signOff: string;
  footer: string;
}

export interface RenderedBodies {
  subject: string;
  html: string;
  text: string;
}

/** One layout for every message: HTML for mail clients, plain text for everyone else. */
export function renderLayout(copy: MessageCopy, chrome: LayoutChrome): RenderedBodies {
  return { subject: copy.subject, html: renderHtml(copy, chrome), text: renderText(copy, chrome) };
}

function renderText(copy: MessageCopy, chrome: LayoutChrome): string {
  const parts = [
    copy.heading,
    '',
    chrome.greeting,
    '',
    ...copy.blocks.map(blockText),
    chrome.signOff,
    '',
    '--',
    chrome.footer,
  ];
  return (
    parts
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      // In text the URL stands for its link: the sentence before it introduces it.
      return `${block.text}${block.link ? ` ${block.link.url}` : ''}\n`;
    case 'heading':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 60))}\n`;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n') + '\n';
    case 'list':
      return block.items.map((item) => `  - ${item}`).join('\n') + '\n';
    case 'button':
      return `${block.link.label}:\n${block.link.url}\n`;
    case 'code':
      return `${block.label}: ${block.code}\n`;
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')
        .concat('\n');
  }
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function renderHtml(copy: MessageCopy, chrome: LayoutChrome): string {
  const color = safeColor(chrome.brandColor);
  const body = copy.blocks.map((block) => blockHtml(block, color)).join('\n');
  return `<!DOCTYPE html>
<html lang="${attr(chrome.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(copy.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;${FONT};color:#1b1f24;">
<div style="display:none;max-height:0;overflow:hidden;">${esc(copy.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:6px;border-top:6px solid ${color};">
<tr><td style="padding:24px 28px 8px;font-size:15px;font-weight:bold;color:${color};">${esc(chrome.brandName)}</td></tr>
<tr><td style="padding:0 28px 24px;font-size:16px;line-height:1.5;">
<h1 style="font-size:22px;line-height:1.3;margin:8px 0 16px;">${esc(copy.heading)}</h1>
<p style="margin:0 0 16px;">${esc(chrome.greeting)}</p>
${body}
<p style="margin:24px 0 0;">${esc(chrome.signOff)}</p>
</td></tr>
</table>
<p style="max-width:600px;font-size:12px;line-height:1.5;color:#5b6470;margin:16px auto 0;">${esc(chrome.footer)}</p>
</td></tr>
</table>
</body>
</html>
`;
}

function blockHtml(block: Block, color: string): string {
  switch (block.kind) {
    case 'paragraph': {
      const link = block.link
        ? ` <a href="${href(block.link.url)}" style="color:${color};">${esc(block.link.label)}</a>`
        : '';
      return `<p style="margin:0 0 16px;">${esc(block.text)}${link}</p>`;
    }
    case 'heading':
      return `<h2 style="font-size:17px;margin:24px 0 8px;">${esc(block.text)}</h2>`;
    case 'facts':
      return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;border-collapse:collapse;">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align:left;font-weight:normal;color:#5b6470;padding:4px 16px 4px 0;vertical-align:top;">${esc(label)}</th><td style="padding:4px 0;font-weight:bold;">${esc(value)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'list':
      return `<ul style="margin:0 0 16px;padding-left:22px;">${block.items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`;
    case 'button':
      return `<p style="margin:8px 0 24px;"><a href="${href(block.link.url)}" style="display:inline-block;background:${color};color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:4px;">${esc(block.link.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#5b6470;word-break:break-all;">${esc(block.link.url)}</p>`;
    case 'code':
      return `<p style="margin:0 0 4px;">${esc(block.label)}</p>
<p style="margin:0 0 16px;font-size:28px;letter-spacing:6px;font-weight:bold;font-family:Menlo,Consolas,monospace;">${esc(block.code)}</p>`;
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid ${color};background:#f4f5f7;white-space:pre-line;">${esc(block.text)}</blockquote>`;
  }
}

export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function attr(text: string): string {
  return esc(text);
}

/** Only absolute http(s) links reach a message (checked when facts are opened); escaped here. */
function href(url: string): string {
  return esc(url);
}

/** BRAND_COLOR goes into style attributes: only a hex colour is let through. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/.test(color) ? color : '#1f4e79';
}
