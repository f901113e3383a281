/**
 * The site's only stylesheet, served from /assets/intake.css (CSP default-src
 * 'self' allows no inline styles). Contrast meets WCAG AA; focus is always
 * visible; the layout is one column on phones.
 *
 * Progressive enhancement without script: `:has()` hides the parts of the
 * form that do not apply to the chosen request type; browsers without it show
 * everything and the server ignores what does not apply.
 */
const SAFE_COLOR = /^#[0-9a-fA-F]{6}$/;

export function stylesheet(brandColor: string): string {
  const accent = SAFE_COLOR.test(brandColor) ? brandColor : '#1f4e79';
  return `:root{--accent:${accent};--text:#1b1b1b;--muted:#4a4a4a;--error:#b00020;--bg:#fff;--soft:#f3f5f8;--line:#6b6b6b}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--bg)}
.wrap{max-width:42rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header.site{background:var(--accent);color:#fff;padding:.75rem 0}
header.site .brand{color:#fff;font-weight:700;text-decoration:none}
header.site .wrap{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem}
nav.languages ul{list-style:none;margin:0;padding:0;display:flex;gap:.75rem}
nav.languages a{color:#fff}
nav.languages [aria-current]{font-weight:700;text-decoration:underline;text-underline-offset:.25em}
footer.site{border-top:1px solid #ddd;margin-top:3rem;color:var(--muted);font-size:.9rem}
h1{font-size:1.75rem;line-height:1.2;margin:1.5rem 0 1rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem}
a{color:var(--accent)}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
fieldset{border:0;padding:0;margin:1.5rem 0}
legend{font-weight:700;font-size:1.125rem;margin-bottom:.5rem;padding:0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{color:var(--muted);font-size:.95rem;margin:.1rem 0 .4rem}
input[type=text],input[type=email],input[type=tel],select,textarea{width:100%;font:inherit;padding:.5rem;border:2px solid var(--line);border-radius:4px;background:#fff;color:var(--text)}
textarea{min-height:5rem}
input[type=file]{font:inherit;margin:.25rem 0}
.choice{display:flex;gap:.6rem;align-items:flex-start;margin:.6rem 0}
.choice input{width:1.4rem;height:1.4rem;margin:.1rem 0 0;flex:none;accent-color:var(--accent)}
.choice label{margin:0;font-weight:600}
.choice .hint{display:block;font-weight:400}
.error-message{color:var(--error);font-weight:700;margin:.25rem 0}
[aria-invalid=true]{border-color:var(--error)!important;border-width:3px!important}
.error-summary{border:4px solid var(--error);padding:1rem;margin:1rem 0}
.error-summary h2{margin-top:0}
.panel{background:var(--soft);border-left:6px solid var(--accent);padding:1rem;margin:1rem 0}
.reference{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.25rem;font-weight:700;word-break:break-all}
button{font:inherit;font-weight:700;background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.75rem 1.25rem;margin:1.25rem 0;cursor:pointer;min-height:44px}
button.secondary{background:#fff;color:var(--accent);border:2px solid var(--accent)}
button:hover{filter:brightness(1.1)}
.timeline{list-style:none;padding:0}
.timeline li{border-left:3px solid var(--accent);padding:.25rem 0 .75rem 1rem}
.timeline time{color:var(--muted);font-size:.95rem;display:block}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.trap{position:absolute!important;left:-10000px!important;width:1px;height:1px;overflow:hidden}
.only-correction,.only-objection,.only-declaration,.only-agent{display:none}
form:has(#type-correction:checked) .only-correction{display:block}
form:has(#type-objection:checked) .only-objection{display:block}
form:has(#jurisdiction option[value=CCPA]:checked):has(#type-access:checked,#type-portability:checked) .only-declaration{display:block}
form:has(#isAgent:checked) .only-agent{display:block}
form:has(#type-opt_out_sale:checked,#type-limit_sensitive:checked) .needs-verification{display:none}
@supports not selector(:has(*)){.only-correction,.only-objection,.only-declaration,.only-agent{display:block}}
@media (max-width:30rem){h1{font-size:1.5rem}dl.facts{grid-template-columns:1fr}}
`;
}
