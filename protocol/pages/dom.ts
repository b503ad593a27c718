/** Small DOM helpers: every piece of text goes in as text, never as markup. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: { className?: string; text?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  node.append(...children);
  return node;
}

export function setText(id: string, text: string): void {
  byId(id).textContent = text;
}

/** Shows a message in an alert paragraph (or hides it with undefined). */
export function setAlert(id: string, message: string | undefined): void {
  const node = byId(id);
  node.textContent = message ?? '';
  node.hidden = message === undefined;
}

/** Shows one step of the page, hides the others, and moves the keyboard focus into it. */
export function showStep(id: string, focus: HTMLElement): void {
  for (const step of document.querySelectorAll<HTMLElement>('section.step')) step.hidden = step.id !== id;
  document.body.dataset.step = id;
  focus.focus();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
