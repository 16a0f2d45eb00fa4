// Search page of the column. Runs the site's own Pagefind index in the browser, keeps only
// the results whose title or body really contains every word of the query (Pagefind's
// Chinese matching is loose: see README, 搜索), and shows them with highlighted excerpts.
// Loaded as a module from a static file: the site needs no inline script.

const siteRoot = new URL("../../", import.meta.url); // this file is theme/js/search.js
const bundle = new URL("pagefind/", siteRoot);
const PAGE_SIZE = 10;
let loading = null;

// The newest articles' index is Pagefind's own bundle; older articles are in shards that the
// build lists in column-shards.json (README, 搜索), merged into one search here.
const OPTIONS = { excerptLength: 40 };

async function shardList() {
  const response = await fetch(new URL("column-shards.json", bundle), { cache: "no-cache" });
  if (!response.ok) throw new Error(`column-shards.json: ${response.status}`);
  return response.json();
}

async function load(pagefind) {
  const shards = await shardList();
  await pagefind.options(OPTIONS);
  // The first index must load before any merge: Pagefind's mergeIndex waits for its
  // WebAssembly and would wait forever if it failed. filters() fails then (init() does not).
  await pagefind.filters();
  // One at a time: several merges made at once lost indexes here (Pagefind 1.5). A path, not
  // an address: Pagefind's worker would otherwise give that shard's results full addresses.
  for (const folder of shards) {
    await pagefind.mergeIndex(new URL(folder, bundle).pathname, OPTIONS);
  }
  return pagefind;
}

async function openIndex() {
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  try {
    return await load(pagefind);
  } catch (error) {
    await pagefind.destroy().catch(() => {}); // forget merged shards: a retry starts clean
    throw error;
  }
}

export function loadPagefind() {
  loading ??= openIndex().catch((error) => {
    loading = null; // let the next search try again
    throw error;
  });
  return loading;
}

// The words of a query: split at spaces and punctuation, lower-cased.
export function queryWords(query) {
  return (query || "")
    .toLowerCase()
    .split(/[\s\p{P}\p{S}]+/u)
    .filter(Boolean);
}

// Pagefind puts zero-width spaces between the Chinese words of the text it returns.
function containsAll(data, words) {
  const content = (data.content || "").replaceAll("\u200b", "");
  const text = `${data.meta.title || ""}\n${content}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

// One page of results for `query`, from candidate number `offset` on.
// filters: {"单位": "…", "主题": "…"}; empty values are ignored.
// Returns {results: [Pagefind data], next: offset to continue from, done: no more}.
export async function search(query, filters = {}, offset = 0, limit = PAGE_SIZE) {
  const words = queryWords(query);
  if (words.length === 0) return { results: [], next: 0, done: true };
  const chosen = Object.fromEntries(Object.entries(filters).filter(([, value]) => value));
  const found = await (await loadPagefind()).search(words.join(" "), { filters: chosen });
  const candidates = found.results;
  const results = [];
  let next = offset;
  while (next < candidates.length && results.length < limit) {
    const batch = candidates.slice(next, next + limit);
    const data = await Promise.all(batch.map((candidate) => candidate.data()));
    for (const item of data) {
      next += 1;
      if (containsAll(item, words)) results.push(item);
      if (results.length === limit) break;
    }
  }
  return { results, next, done: next >= candidates.length };
}

// Pagefind's excerpt is escaped text with <mark> around the matches: read it as text and
// <mark> runs only, so nothing else from the index can reach the page.
function excerptRuns(excerpt) {
  const template = document.createElement("template");
  template.innerHTML = excerpt;
  return [...template.content.childNodes].map((node) => ({
    text: node.textContent.replaceAll("\u200b", ""),
    mark: node.nodeName === "MARK",
  }));
}

const CLAUSE_END = /[。！？；，、：]/gu;

// Make Pagefind's window of words read as Chinese: it joins blocks with ". " (a 。 after
// Chinese text, nothing after Chinese punctuation) and may start mid-clause (the excerpt
// then starts after the last clause break before the first match, with an ellipsis).
export function tidyExcerpt(runs, content = "") {
  const tidy = [];
  let before = ""; // the text so far: a joiner may follow a <mark>
  for (const run of runs) {
    const text = `${before.slice(-1)}${run.text}`
      .replace(/([\p{Script=Han}”’）》])\.\s+/gu, "$1。")
      .replace(/([。！？；，、：])\.\s+/gu, "$1")
      .slice(before ? 1 : 0);
    tidy.push({ ...run, text });
    before += text;
  }
  const first = tidy[0];
  const plain = tidy.map((run) => run.text).join("");
  const atStart = content.replaceAll("\u200b", "").trimStart().startsWith(plain.slice(0, 12));
  if (first && !first.mark && !atStart) {
    const breaks = [...first.text.matchAll(CLAUSE_END)];
    const cut = breaks.length ? breaks[breaks.length - 1].index + 1 : 0;
    first.text = `……${first.text.slice(cut).trimStart()}`;
  }
  const last = tidy[tidy.length - 1];
  if (last && !/[。！？”]$/u.test(last.text)) tidy.push({ text: "……", mark: false });
  return tidy;
}

function excerptNodes(data) {
  const fragment = document.createDocumentFragment();
  for (const run of tidyExcerpt(excerptRuns(data.excerpt), data.content)) {
    if (run.mark) {
      const mark = document.createElement("mark");
      mark.textContent = run.text;
      fragment.append(mark);
    } else {
      fragment.append(document.createTextNode(run.text));
    }
  }
  return fragment;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result-meta";
  const unit = (data.filters["单位"] || [])[0] || "";
  meta.textContent = [unit, data.meta.date].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(excerptNodes(data));
  item.append(heading, meta, excerpt);
  return item;
}

function initPage(form) {
  const input = form.elements.q;
  const selects = [...form.querySelectorAll("select[data-filter]")];
  const status = document.querySelector("[data-search-status]");
  const list = document.querySelector("[data-search-results]");
  const more = document.querySelector("[data-search-more]");
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  for (const select of selects) select.value = params.get(select.name) || "";
  let next = 0;
  let shown = 0;
  let run = 0;

  async function show(fresh) {
    const mine = ++run;
    const filters = Object.fromEntries(selects.map((s) => [s.dataset.filter, s.value]));
    if (fresh) {
      next = 0;
      shown = 0;
      list.replaceChildren();
    }
    if (queryWords(input.value).length === 0) {
      status.textContent = "请输入要查找的词语。";
      more.hidden = true;
      return;
    }
    status.textContent = "正在搜索……";
    let page;
    try {
      page = await search(input.value, filters, next);
    } catch {
      status.textContent = "搜索暂时无法使用，请稍后再试，或按报送单位、主题查找文章。";
      return;
    }
    if (mine !== run) return; // a newer search has started
    next = page.next;
    shown += page.results.length;
    list.append(...page.results.map(resultItem));
    more.hidden = page.done;
    if (shown === 0) status.textContent = `没有找到包含“${input.value.trim()}”的文章。`;
    else if (page.done) status.textContent = `共找到 ${shown} 篇文章。`;
    else status.textContent = `已显示 ${shown} 篇文章，还有更多。`;
  }

  function submit(event) {
    event?.preventDefault();
    const query = new URLSearchParams();
    if (input.value.trim()) query.set("q", input.value.trim());
    for (const select of selects) if (select.value) query.set(select.name, select.value);
    const search = query.toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
    show(true);
  }

  form.addEventListener("submit", submit);
  for (const select of selects) select.addEventListener("change", () => submit());
  more.addEventListener("click", () => show(false));
  show(true);
}

const form = document.querySelector("[data-search-form]");
if (form) initPage(form);
