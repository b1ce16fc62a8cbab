// The demo page: a form made from the model's description, and its prediction.
//
// One script, two backends, chosen by <body data-backend>:
// - "api": the page is served by the service; it reads GET /v1/model and posts to
//   POST /v1/predict, so errors are the API's own (422 with a message).
// - "browser": the GitHub Pages copy; it reads model.json (the model's metadata) and
//   runs model.onnx with onnxruntime-web, in the visitor's browser, with no server.
// - "none": the model is too large for a web page, or reads text (its tokenizer is
//   Python's) or images (Pillow prepares them); the page says how to call the API.
//
// An image model (its one feature's kind is "image") gets a file picker instead of a
// form: the chosen image, or the test image from GET /v1/example, is shown and sent as
// a multipart upload, the way `curl -F file=@image.png` sends it.
"use strict";

const page = document.body.dataset;
const $ = (id) => document.getElementById(id);

async function main() {
  try {
    const model =
      page.backend === "api" ? await fetchJson("v1/model") : fromMetadata(await fetchJson("model.json"));
    describe(model);
    if (page.backend === "none") {
      showTooLarge(model);
      return;
    }
    if (readsImages(model)) {
      buildUpload(model);
      $("record").hidden = false;
      return;
    }
    const predict = page.backend === "api" ? predictWithApi : await browserPredictor(model);
    buildForm(model);
    $("example").addEventListener("click", () => fill(model.example));
    $("record").addEventListener("submit", async (event) => {
      event.preventDefault();
      await run(model, predict);
    });
    $("record").hidden = false;
  } catch (error) {
    showError(`The demo could not start: ${error.message}`);
  }
}

// model.json is the model's metadata.json; GET /v1/model names two of its fields otherwise.
function fromMetadata(metadata) {
  return { ...metadata, name: metadata.project, example: metadata.example_record };
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

function describe(model) {
  $("title").textContent = model.name;
  document.title = `${model.name}: demo`;
  const target = document.createElement("code");
  target.textContent = model.target;
  const what = model.task === "classification" ? "the class of" : "the value of";
  const from = readsImages(model)
    ? ' from an image. Choose one (or press "Try the example" for '
    : model.features.some((feature) => feature.kind === "text")
    ? ' from a text. Write one (or press "Example" for '
    : ` from ${model.features.length} features. Fill in a record (or press "Example" for `;
  $("intro").replaceChildren(`Predicts ${what} `, target, from, 'one from the test split), then "Predict".');
  const where = page.backend === "browser" ? "in your browser (onnxruntime-web)" : "by the service";
  $("footer").textContent = `Model ${model.model_version}, run ${where}.`;
}

function buildForm(model) {
  const fields = $("fields");
  for (const feature of model.features) {
    const id = `feature-${feature.name}`;
    const row = document.createElement("div");
    row.className = "field";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = feature.name; // the feature's exact name: the API's field name
    const input = inputFor(feature);
    input.id = id;
    input.name = feature.name;
    row.append(label, input);
    const hint = hintFor(feature);
    if (hint) {
      const note = document.createElement("span");
      note.className = "hint";
      note.textContent = hint;
      row.append(note);
    }
    fields.append(row);
  }
}

function inputFor(feature) {
  if (feature.kind === "numeric") return numberInput(feature);
  if (feature.kind === "text") return textArea(feature);
  return categorySelect(feature);
}

function textArea(feature) {
  const area = document.createElement("textarea");
  area.rows = 5;
  if (feature.max !== null) area.maxLength = feature.max;
  return area;
}

function numberInput(feature) {
  const input = document.createElement("input");
  input.type = "number";
  input.step = "any";
  input.inputMode = "decimal";
  return input;
}

function categorySelect(feature) {
  const select = document.createElement("select");
  const blank = new Option(feature.nullable ? "(missing)" : "(choose)", "");
  select.append(blank);
  for (const category of feature.categories ?? []) {
    select.append(new Option(String(category), String(category)));
  }
  return select;
}

function hintFor(feature) {
  if (feature.kind === "numeric" && feature.min !== null && feature.max !== null) {
    return `seen in training: ${feature.min} to ${feature.max}`;
  }
  return feature.nullable ? "may be left missing" : "";
}

function fill(example) {
  for (const [name, value] of Object.entries(example)) {
    const input = document.getElementById(`feature-${name}`);
    if (input) input.value = value === null ? "" : String(value);
  }
}

// The record as the API takes it: numbers as numbers, an empty field as null.
function readRecord(model) {
  const record = {};
  for (const feature of model.features) {
    const text = document.getElementById(`feature-${feature.name}`).value.trim();
    if (text === "") record[feature.name] = null;
    else if (feature.kind === "numeric") record[feature.name] = Number(text);
    else record[feature.name] = text;
  }
  return record;
}

async function run(model, predict, input = readRecord(model)) {
  $("error").hidden = true;
  const started = performance.now();
  const answer = await predict(input);
  const elapsed = performance.now() - started;
  if (answer.error) {
    $("result").hidden = true;
    showError(answer.error);
    return;
  }
  showResult(model, answer, elapsed);
}

function showResult(model, answer, elapsed) {
  const value = answer.prediction;
  $("prediction").textContent = typeof value === "number" ? value.toFixed(3) : value;
  $("latency").textContent = `(${elapsed.toFixed(1)} ms)`;
  const bars = $("probabilities");
  bars.replaceChildren();
  for (const [label, probability] of Object.entries(answer.probabilities ?? {})) {
    const row = document.createElement("div");
    row.className = "bar";
    row.innerHTML = '<span></span><div class="track"><div class="fill"></div></div><span></span>';
    row.children[0].textContent = label;
    row.querySelector(".fill").style.width = `${(100 * probability).toFixed(1)}%`;
    row.children[2].textContent = probability.toFixed(3);
    bars.append(row);
  }
  $("result").hidden = false;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

// --- backend "api": the service ------------------------------------------------------

async function predictWithApi(record) {
  const response = await fetch("v1/predict", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(record),
  });
  const body = await response.json();
  if (!response.ok) return { error: body.message ?? `the API answered ${response.status}` };
  return body;
}

// --- an image model: one upload, chosen or the example --------------------------------

function readsImages(model) {
  return model.features.some((feature) => feature.kind === "image");
}

// The form field the API reads the upload from: the example record's one key ("file").
function uploadField(model) {
  return Object.keys(model.example)[0] ?? "file";
}

function buildUpload(model) {
  const feature = model.features.find((candidate) => candidate.kind === "image");
  const field = uploadField(model);
  const id = `feature-${field}`;
  const row = document.createElement("div");
  row.className = "field";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = field; // the API's form field
  const input = document.createElement("input");
  input.type = "file";
  input.accept = "image/*";
  input.id = id;
  input.name = field;
  const hint = document.createElement("span");
  hint.className = "hint";
  hint.textContent = `the model sees it as ${feature.min} x ${feature.max} pixels, RGB`;
  row.append(label, input, hint);
  const figure = document.createElement("figure");
  figure.id = "chosen";
  figure.hidden = true;
  const preview = document.createElement("img");
  preview.id = "preview";
  preview.alt = "The image to classify";
  const caption = document.createElement("figcaption");
  caption.className = "muted";
  figure.append(preview, caption);
  $("fields").append(row, figure);
  $("example").textContent = "Try the example";

  let chosen = null; // { blob, name }
  let loading = null; // the example, while it is fetched
  const show = (blob, name) => {
    chosen = { blob, name };
    if (preview.src) URL.revokeObjectURL(preview.src);
    preview.onload = () => {
      preview.hidden = false;
      const { naturalWidth: width, naturalHeight: height } = preview;
      // Small images (8 x 8 scans) are enlarged with their pixels kept sharp.
      preview.classList.toggle("pixelated", width < 128 && height < 128);
      caption.textContent = `${name} (${width} x ${height} pixels)`;
    };
    preview.onerror = () => {
      preview.hidden = true;
      caption.textContent = `${name}: this browser cannot show it; the API will say if it can read it`;
    };
    preview.src = URL.createObjectURL(blob);
    figure.hidden = false;
  };
  const predict = (upload) => predictUpload(field, upload);
  input.addEventListener("change", () => {
    const [file] = input.files;
    if (file) show(file, file.name);
  });
  $("example").addEventListener("click", async () => {
    loading = fetchExample(model);
    const example = await loading;
    loading = null;
    if (example.error) {
      showError(example.error);
      return;
    }
    input.value = ""; // the picker's file is no longer the one shown
    show(example.blob, example.name);
    await run(model, predict, chosen);
  });
  $("record").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (loading) await loading;
    if (!chosen) {
      $("result").hidden = true;
      showError('Choose an image first (or press "Try the example").');
      return;
    }
    await run(model, predict, chosen);
  });
}

async function fetchExample(model) {
  try {
    const response = await fetch("v1/example");
    if (!response.ok) return { error: `v1/example answered ${response.status}` };
    const name = String(model.example[uploadField(model)] ?? "example.png");
    return { blob: await response.blob(), name };
  } catch (error) {
    return { error: `The example could not be fetched: ${error.message}` };
  }
}

// POST /v1/predict as multipart/form-data; a 413, 415 or 422 comes back as its message.
async function predictUpload(field, upload) {
  const form = new FormData();
  form.append(field, upload.blob, upload.name.split("/").pop());
  let response;
  try {
    response = await fetch("v1/predict", { method: "POST", body: form });
  } catch (error) {
    return { error: `The service could not be reached: ${error.message}` };
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) return { error: apiMessage(body, response.status) };
  return body;
}

function apiMessage(body, status) {
  if (typeof body?.message === "string") return body.message;
  if (typeof body?.detail === "string") return body.detail; // FastAPI's own errors (415)
  return `the API answered ${status}`;
}

// --- backend "browser": the model's ONNX export, run by onnxruntime-web ---------------

// How a missing category reaches the model (the service does the same).
const MISSING_CATEGORY = "";

async function browserPredictor(model) {
  ort.env.wasm.numThreads = 1; // threads need cross-origin isolation, which Pages lacks
  // An absolute URL: onnxruntime-web imports its .mjs from there as a module.
  ort.env.wasm.wasmPaths = new URL(page.ortPath ?? "ort/", document.baseURI).href;
  const session = await ort.InferenceSession.create("model.onnx", {
    executionProviders: ["wasm"],
  });
  // Inputs are declared in the features' order at export; they are paired by position.
  const inputs = session.inputNames.map((name, i) => [name, model.features[i]]);
  const output = session.outputNames[model.task === "classification" ? 1 : 0];
  return async (record) => {
    const feeds = {};
    for (const [name, feature] of inputs) {
      const value = record[feature.name];
      if (feature.kind === "numeric") {
        if (value !== null && !Number.isFinite(value)) {
          return { error: `${feature.name}: a number is needed, not ${JSON.stringify(value)}` };
        }
        feeds[name] = new ort.Tensor("float32", Float32Array.from([value ?? NaN]), [1, 1]);
      } else {
        if (value === null && !feature.nullable) {
          return { error: `${feature.name}: choose one of ${feature.categories.join(", ")}` };
        }
        feeds[name] = new ort.Tensor("string", [value ?? MISSING_CATEGORY], [1, 1]);
      }
    }
    const values = Array.from((await session.run(feeds))[output].data, Number);
    if (model.task !== "classification") return { prediction: values[0] };
    const probabilities = Object.fromEntries(model.classes.map((label, i) => [label, values[i]]));
    const best = values.indexOf(Math.max(...values)); // the label scikit-learn would pick
    return { prediction: model.classes[best], probabilities };
  };
}

function showTooLarge(model) {
  if (readsImages(model) && !page.modelMegabytes) {
    $("intro").textContent =
      "This model reads images, and the way the service prepares them (Pillow decodes, " +
      "turns, crops and resizes each one) does not run in a web page yet, so this page " +
      "cannot run the model. Run the service (make serve, or its Docker image) and upload an image to it:";
    const pre = document.createElement("pre");
    pre.textContent = `curl -s -F ${uploadField(model)}=@models/example.png http://127.0.0.1:8000/v1/predict`;
    $("intro").after(pre);
    return;
  }
  const why = page.modelMegabytes
    ? `This model is too large to run in a web page (${page.modelMegabytes} MB). `
    : "This model reads text, and its tokenizer does not run in a web page. ";
  $("intro").textContent = why + "Run the service (make serve, or its Docker image) and post a record to it:";
  const pre = document.createElement("pre");
  pre.textContent =
    "curl -s -X POST http://127.0.0.1:8000/v1/predict \\\n" +
    '  -H "Content-Type: application/json" \\\n' +
    `  -d '${JSON.stringify(model.example)}'`;
  $("intro").after(pre);
}

main();
