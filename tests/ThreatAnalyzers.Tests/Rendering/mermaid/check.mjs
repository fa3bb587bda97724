// The real Mermaid parser as a line protocol, for the rendering tests (Rendering/MermaidParser.cs).
// Each input line is a JSON string, a diagram's text; each output line is a JSON object:
//   { ok: true, type, config, preprocessed, vertices: [{ id, type, text }], subgraphs: [{ id, title, nodes }], edges: [{ start, end, text }] }
//   { ok: false, error }
// Labels are given as a browser would show them: Mermaid's entity codes (#quot;, #35;) decoded, then the HTML parsed
// and its text taken, so markup that would be interpreted shows up as a difference. Needs no network and no browser:
// jsdom stands in for the window that Mermaid's sanitizer (DOMPurify) wants at load time.
import { createInterface } from 'node:readline';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

// What Mermaid does to the text before parsing (src/preprocess.ts, src/diagram-api/comments.ts): the tests require the
// renderer's text to be a fixed point of it, so that what is parsed below is what a page renders.
function preprocess(text) {
  let code = text.replace(/\r\n?/g, '\n').replace(/<(\w+)([^>]*)>/g, (m, tag, attributes) => '<' + tag + attributes.replace(/="([^"]*)"/g, "='$1'") + '>');
  code = code.replace(/^\s*%%(?!{)[^\n]+\n?/gm, '').trimStart();
  return code;
}

// Mermaid's decodeEntities (src/mermaidAPI.ts), then the HTML a browser would make of the label.
function shown(text) {
  if (typeof text !== 'string') {
    return text === undefined || text === null ? '' : String(text);
  }

  const html = text.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const element = document.createElement('div');
  element.innerHTML = html;
  return element.textContent;
}

async function check(text) {
  const parsed = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  return {
    ok: true,
    type: parsed.diagramType,
    config: parsed.config ?? {},
    preprocessed: preprocess(text) === text.trimStart(),
    vertices: [...db.getVertices().values()].map(v => ({ id: v.id, type: v.type ?? '', text: shown(v.text) })),
    subgraphs: db.getSubGraphs().map(s => ({ id: s.id, title: shown(s.title), nodes: [...s.nodes] })),
    edges: db.getEdges().map(e => ({ start: e.start, end: e.end, text: shown(e.text) })),
  };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  let answer;
  try {
    answer = await check(JSON.parse(line));
  } catch (error) {
    answer = { ok: false, error: String(error?.message ?? error) };
  }

  process.stdout.write(JSON.stringify(answer) + '\n');
}
