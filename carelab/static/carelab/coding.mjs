// Coding by selecting text (progressive enhancement of the coding page; decision 0031).
//
// Without this script each sentence has checkboxes. With it, the span form appears: select part of
// a source's text with the mouse, or Tab into the text and select with Shift and the arrow keys, then
// press Enter (or the button) to apply the ticked codes. The form posts the source and the offsets to
// the same endpoint as the checkboxes. Offsets are sent in Unicode code points, as Python counts them:
// the browser counts UTF-16 code units, so a character outside the Basic Multilingual Plane (an emoji)
// counts once, not twice.

const form = document.getElementById("span-form");

/** The text of a source as the server holds it: its text nodes, without the coded parts' labels. */
function textNodes(container) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement.closest("[data-label]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}

/** The UTF-16 offset within the source's text of a (node, offset) boundary point. */
function utf16Offset(container, node, offset) {
  let total = 0;
  for (const text of textNodes(container)) {
    if (text === node) return total + offset;
    // A boundary in an element (not a text node): count the text nodes before the child it points at.
    if (node.nodeType !== Node.TEXT_NODE) {
      const child = node.childNodes[offset];
      if (child && (child === text || child.contains(text))) return total;
    }
    total += text.data.length;
  }
  return total;
}

/** UTF-16 code units to Unicode code points. */
export function codePoints(text, utf16) {
  return Array.from(text.slice(0, utf16)).length;
}

function sourceText(container) {
  return textNodes(container)
    .map((node) => node.data)
    .join("");
}

function trimmed(text, start, end) {
  while (start < end && /\s/.test(text[start])) start += 1;
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  return [start, end];
}

let chosen = null;

function readSelection() {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  const start = range.startContainer.parentElement?.closest("[data-source]");
  const end = range.endContainer.parentElement?.closest("[data-source]") ??
    (range.endContainer.nodeType === Node.ELEMENT_NODE ? range.endContainer.closest("[data-source]") : null);
  const container = start ?? (range.startContainer.nodeType === Node.ELEMENT_NODE ? range.startContainer.closest("[data-source]") : null);
  if (!container || (end && end !== container)) return;
  const text = sourceText(container);
  let [from, to] = trimmed(
    text,
    utf16Offset(container, range.startContainer, range.startOffset),
    utf16Offset(container, range.endContainer, range.endOffset),
  );
  if (from >= to) return;
  chosen = {
    container,
    source: container.dataset.source,
    start: codePoints(text, from),
    end: codePoints(text, to),
    words: text.slice(from, to),
  };
  const words = chosen.words.length > 80 ? `${chosen.words.slice(0, 80)}…` : chosen.words;
  form.querySelector("#span-status").textContent = `Selected in ${container.dataset.name}: “${words}”.`;
}

function apply(event) {
  if (!chosen) {
    event.preventDefault();
    form.querySelector("#span-status").textContent = "Select part of a text first.";
    return;
  }
  if (!form.querySelector("input[name=codes]:checked")) {
    event.preventDefault();
    form.querySelector("#span-status").textContent = "Tick at least one code to apply.";
    form.querySelector("input[name=codes]")?.focus();
    return;
  }
  form.elements.source.value = chosen.source;
  form.elements.start.value = chosen.start;
  form.elements.end.value = chosen.end;
  const next = form.elements.next.value.split("#")[0];
  form.elements.next.value = `${next}#source-${chosen.source}`;
}

if (form) {
  form.hidden = false;
  form.addEventListener("submit", apply);
  document.addEventListener("selectionchange", readSelection);
  for (const details of document.querySelectorAll(".carelab-sentences")) details.open = false;
  for (const container of document.querySelectorAll("[data-source]")) {
    // Editable only so the keyboard can move a caret and select (Shift and the arrow keys); every
    // change is refused, so the text stays as it is.
    container.contentEditable = "true";
    container.spellcheck = false;
    container.setAttribute("role", "textbox");
    container.setAttribute("aria-readonly", "true");
    container.setAttribute("aria-multiline", "true");
    container.setAttribute("aria-label", `Text of ${container.dataset.name}: select part of it to code`);
    container.setAttribute("aria-describedby", "span-status");
    for (const kind of ["beforeinput", "paste", "drop", "cut", "dragstart"]) {
      container.addEventListener(kind, (event) => event.preventDefault());
    }
    container.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        readSelection();
        form.requestSubmit(form.querySelector("#span-apply"));
      }
    });
  }
}
