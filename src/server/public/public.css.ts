/** The public pages' only stylesheet: readable on a 390 px phone, no framework, no inline styles. */
export const PUBLIC_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;background:#f5f6f8}
main{max-width:40rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{font-weight:400;color:#555;font-size:.9rem}
input,textarea{width:100%;padding:.6rem;border:1px solid #8a93a6;border-radius:6px;font:inherit;background:#fff}
textarea{min-height:8rem}
input:focus,textarea:focus,button:focus{outline:3px solid #2563eb;outline-offset:1px}
button{margin-top:1.25rem;padding:.7rem 1.2rem;border:0;border-radius:6px;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;border:1px solid #1d4ed8;margin-left:.5rem}
.error{color:#b42318;font-size:.9rem;margin:.25rem 0 0}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:1rem;margin:1rem 0}
.status{font-size:1.2rem;font-weight:700}
.message{border-left:4px solid #8a93a6;padding:.25rem .75rem;margin:.75rem 0;background:#fff}
.message.us{border-color:#1d4ed8}
.meta{color:#555;font-size:.85rem}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;margin:.25rem 0}
h1,.meta{overflow-wrap:anywhere}
fieldset{border:0;padding:0;margin:1rem 0}
legend{font-weight:600;margin-bottom:.25rem}
label.choice{display:inline-flex;align-items:center;gap:.35rem;font-weight:400;margin:.25rem 1rem .25rem 0;min-height:44px}
label.choice input{width:auto;min-width:1.25rem;min-height:1.25rem}
`;
