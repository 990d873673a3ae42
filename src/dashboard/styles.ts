/** The dashboard's styles: system fonts, WCAG AA contrast in light and dark, one column on a phone. */
export const STYLES = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#4a5360;--card:#f4f6f8;--line:#1f6feb;--warn:#9a6700;--crit:#c9252d;--ok:#1a7f37;--grid:#d0d7de;--c0:var(--line);--c1:var(--warn);--c2:#8250df;--c3:var(--ok);--c4:#0e7a86;--c5:var(--muted)}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--card:#161b22;--line:#58a6ff;--warn:#d29922;--crit:#ff7b72;--ok:#3fb950;--grid:#30363d;--c2:#bc8cff;--c4:#39c5cf}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:960px;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}label{display:flex;flex-direction:column;font-weight:600;flex:1 1 18rem}
input{font:inherit;padding:.5rem;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid var(--line);background:var(--line);color:#fff;cursor:pointer}
button.secondary{background:transparent;color:var(--fg);border-color:var(--muted)}
:focus-visible{outline:3px solid var(--line);outline-offset:2px}
dl{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.75rem;margin:1rem 0}
dl div{background:var(--card);border-radius:8px;padding:.75rem}dt{color:var(--muted);font-size:.875rem}dd{margin:0;font-size:1.25rem;font-weight:600}
.state-ok{color:var(--ok)}.state-low{color:var(--warn)}.state-critical{color:var(--crit)}
#message{min-height:1.5rem;color:var(--crit)}svg{width:100%;height:auto;background:var(--card);border-radius:8px}
.legend{display:flex;flex-wrap:wrap;gap:1rem;color:var(--muted);font-size:.875rem;padding:0;list-style:none}
ul.alerts{padding-left:1.25rem}table{border-collapse:collapse;width:100%}th,td{text-align:right;padding:.375rem .75rem;border-bottom:1px solid var(--grid)}th:first-child,td:first-child{text-align:left}[hidden]{display:none}
#tasks td:last-child,#tasks th:last-child{text-align:left}caption{text-align:left;font-weight:600;margin:1rem 0 .5rem}
@media (max-width:40rem){th,td{padding:.25rem .3rem;font-size:.875rem}}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.35em;border-radius:2px}.sw.un{height:3px;background:var(--crit)}
.budgets{list-style:none;padding:0}.budgets li{margin:.75rem 0}.budgets p{margin:0 0 .25rem}
.bar{display:flex;height:.75rem;border:1px solid var(--muted);border-radius:4px;overflow:hidden;color:var(--line)}.near{color:var(--warn)}.over{color:var(--crit)}
.bar span{background:currentColor}.bar .res{background:repeating-linear-gradient(135deg,currentColor 0 3px,transparent 3px 6px)}
`;
