// A small JSON editor: a textarea with a line-number gutter and a backdrop
// behind the (transparent) textarea that draws issue underlines and the
// highlighted range. No dependencies; everything is text nodes (no innerHTML).

export class JsonEditor {
  /** @param {HTMLElement} root a .editor element (gutter + .code with backdrop and textarea) */
  constructor(root, { onInput } = {}) {
    this.root = root;
    this.textarea = root.querySelector('textarea');
    this.gutter = root.querySelector('.gutter-lines');
    this.backdrop = root.querySelector('.backdrop-text');
    this.marks = [];
    this.active = null;
    this.lineCount = 0;
    this.textarea.addEventListener('input', () => {
      // Offsets of the old marks no longer fit the text: drop them until the
      // next check draws new ones.
      this.marks = [];
      this.active = null;
      this.refresh();
      onInput?.();
    });
    this.textarea.addEventListener('scroll', () => this.syncScroll());
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.marks = [];
    this.active = null;
    this.textarea.scrollTop = 0;
    this.textarea.scrollLeft = 0;
    this.refresh();
  }

  /** Issue underlines: [{ start, end, severity, title }] (offsets into the text). */
  setMarks(marks) {
    this.marks = marks;
    this.refresh();
  }

  /** Highlights [start, end) (kept until the text changes), selects it and scrolls to it. */
  reveal({ start, end }, { focus = true } = {}) {
    this.active = { start, end };
    this.refresh();
    if (focus) {
      this.textarea.focus({ preventScroll: true });
      this.textarea.setSelectionRange(start, end, 'forward');
    }
    const mark = this.backdrop.querySelector('.active');
    if (mark) {
      const { clientHeight, clientWidth } = this.textarea;
      this.textarea.scrollTop = Math.max(0, mark.offsetTop - Math.round(clientHeight / 3));
      const left = mark.offsetLeft;
      this.textarea.scrollLeft = left + 40 > clientWidth ? left - 40 : 0;
      this.syncScroll();
    }
  }

  syncScroll() {
    const { scrollTop, scrollLeft } = this.textarea;
    this.gutter.style.transform = `translateY(${-scrollTop}px)`;
    this.backdrop.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
  }

  refresh() {
    const text = this.textarea.value;
    this.renderGutter(text);
    this.renderBackdrop(text);
    this.syncScroll();
  }

  renderGutter(text) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (lines !== this.lineCount) {
      const frag = document.createDocumentFragment();
      for (let n = 1; n <= lines; n++) {
        const div = document.createElement('div');
        div.textContent = String(n);
        frag.append(div);
      }
      this.gutter.replaceChildren(frag);
      this.lineCount = lines;
    }
    for (const div of this.gutter.querySelectorAll('.mark')) {
      div.className = '';
      div.removeAttribute('title');
    }
    const rank = { fatal: 0, error: 1, warning: 2, info: 3 };
    const starts = lineStarts(text);
    for (const m of this.marks) {
      const div = this.gutter.children[lineIndex(starts, m.start)];
      if (!div) continue;
      const prev = div.dataset.severity;
      if (!prev || rank[m.severity] < rank[prev]) div.dataset.severity = m.severity;
      div.className = `mark ${div.dataset.severity}`;
      div.title = div.title ? `${div.title}\n${m.title}` : m.title;
    }
    for (const div of this.gutter.children) {
      if (!div.classList.contains('mark')) delete div.dataset.severity;
    }
  }

  renderBackdrop(text) {
    // Cut the text at every range boundary; each piece carries the classes of
    // the ranges covering it.
    const ranges = this.marks.map((m) => ({ start: m.start, end: m.end, cls: `sev-${m.severity}` }));
    if (this.active) ranges.push({ start: this.active.start, end: Math.max(this.active.end, this.active.start + 1), cls: 'active' });
    const cuts = new Set([0, text.length]);
    for (const r of ranges) {
      cuts.add(Math.min(Math.max(r.start, 0), text.length));
      cuts.add(Math.min(Math.max(r.end, 0), text.length));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    let activeDone = false;
    for (let k = 0; k + 1 < points.length; k++) {
      const [a, b] = [points[k], points[k + 1]];
      const piece = text.slice(a, b);
      const cls = ranges.filter((r) => r.start <= a && b <= r.end).map((r) => r.cls);
      if (cls.length === 0) {
        frag.append(piece);
        continue;
      }
      const span = document.createElement('span');
      span.textContent = piece;
      span.className = cls.join(' ');
      if (cls.includes('active')) activeDone = true;
      frag.append(span);
    }
    // An empty active range at the very end still needs a box to scroll to.
    if (this.active && !activeDone) {
      const span = document.createElement('span');
      span.className = 'active';
      span.textContent = ' ';
      frag.append(span);
    }
    frag.append('\n');
    this.backdrop.replaceChildren(frag);
  }
}

function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineIndex(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
