"""Build a small, randomly initialised Detoxify checkpoint plus its local Hugging Face folder.

The weights mean nothing, but the files have exactly the shapes Detoxify's own loader expects
(``detoxify.detoxify.load_checkpoint``), so the real loading and inference code runs offline.
The same builder at BERT-base sizes gives a realistic benchmark model.
"""

from __future__ import annotations

import json
import string
from collections.abc import Sequence
from pathlib import Path

import torch

#: Label sets as Detoxify's released checkpoints store them (load_checkpoint renames the
#: original model's "toxic"/"severe_toxic"/"identity_hate" to the unbiased names).
ORIGINAL_LABELS: tuple[str, ...] = (
    "toxic",
    "severe_toxic",
    "obscene",
    "threat",
    "insult",
    "identity_hate",
)
UNBIASED_LABELS: tuple[str, ...] = (
    "toxicity",
    "severe_toxicity",
    "obscene",
    "identity_attack",
    "insult",
    "threat",
    "sexual_explicit",
)
#: The unbiased model predicts 9 identity columns after its 7 labels (num_classes 16).
UNBIASED_IDENTITY_OUTPUTS = 9

HF_SUBDIR = "hf"
CHECKPOINT_NAME = "detoxify-test.ckpt"

SPECIAL_TOKENS: tuple[str, ...] = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")

# Plain words, one string so the list stays readable; split once at import.
_WORD_TEXT = """
the of and to a in is it you that he was for on are with as i his they be at one have this
from or had by not word but what some we can out other were all there when up use your how
said an each she which do their time if will way about many then them write would like so
these her long make thing see him two has look more day could go come did number sound no
most people my over know water than call first who may down side been now find any new work
part take get place made live where after back little only round man year came show every
good me give our under name very through just form sentence great think say help low line
differ turn cause much mean before move right boy old too same tell does set three want air
well also play small end put home read hand port large spell add even land here must big
high such follow act why ask men change went light kind off need house picture try us again
animal point mother world near build self earth father head stand own page should country
found answer school grow study still learn plant cover food sun four between state keep eye
never last let thought city tree cross farm hard start might story saw far sea draw left late
run don't while press close night real life few north open seem together next white children
begin got walk example ease paper group always music those both mark often letter until mile
river car feet care second book carry took science eat room friend began idea fish mountain
stop once base hear horse cut sure watch color face wood main enough plain girl usual young
ready above ever red list though feel talk bird soon body dog family direct pose leave song
measure door product black short numeral class wind question happen complete ship area half
rock order fire south problem piece told knew pass since top whole king space heard best
hour better true during hundred five remember step early hold west ground interest reach
fast verb sing listen six table travel less morning ten simple several vowel toward war lay
against pattern slow center love person money serve appear road map rain rule govern pull
cold notice voice unit power town fine certain fly fall lead cry dark machine note wait plan
figure star box noun field rest correct able pound done beauty drive stood contain front
teach week final gave green oh quick develop ocean warm free minute strong special mind
behind clear tail produce fact street inch multiply nothing course stay wheel full force
blue object decide surface deep moon island foot system busy test record boat common gold
possible plane stead dry wonder laugh thousand ago ran check game shape equate hot miss
brought heat snow tire bring yes distant fill east paint language among article comment
news council mayor police report stupid idiot hate kill threat attack vote election
"""
_WORDS = tuple(_WORD_TEXT.split())

_PIECES = ("##s", "##ed", "##ing", "##ly", "##er", "##est", "##ion", "##al", "##ment", "##ness")


def default_vocab() -> list[str]:
    """Special tokens, single characters (so no word is wholly unknown), a few hundred words."""
    chars = list(string.ascii_lowercase + string.digits + string.punctuation)
    pieces = [f"##{c}" for c in string.ascii_lowercase + string.digits]
    # dict.fromkeys: ordered and duplicate-free (a duplicate would shift every later token id).
    return list(dict.fromkeys([*SPECIAL_TOKENS, *chars, *pieces, *_PIECES, *_WORDS]))


def generated_vocab(size: int) -> list[str]:
    """A deterministic vocabulary of ``size`` tokens: the default one padded with letter n-grams."""
    vocab = default_vocab()
    seen = set(vocab)
    letters = string.ascii_lowercase
    length = 2
    while len(vocab) < size:
        # Enumerate all n-grams of this length (words and ##continuations) before going longer.
        total = len(letters) ** length
        for index in range(total):
            chars = []
            for _ in range(length):
                index, rem = divmod(index, len(letters))
                chars.append(letters[rem])
            gram = "".join(chars)
            for token in (gram, f"##{gram}"):
                if token not in seen and len(vocab) < size:
                    seen.add(token)
                    vocab.append(token)
            if len(vocab) >= size:
                break
        length += 1
    return vocab[:size]


def build_checkpoint(
    dest_dir: Path,
    *,
    model_type_name: str = "bert",
    hidden_size: int = 32,
    num_layers: int = 2,
    num_heads: int = 2,
    intermediate_size: int = 64,
    labels: Sequence[str] = UNBIASED_LABELS,
    extra_outputs: int = 0,
    vocab: Sequence[str] | None = None,
    max_length: int = 512,
    initializer_range: float = 0.02,
    seed: int = 0,
) -> Path:
    """Write ``dest_dir/hf`` (config + tokenizer) and a Detoxify ``.ckpt``; return the ckpt path."""
    from transformers import BertConfig, BertForSequenceClassification

    if model_type_name != "bert":
        raise ValueError(f"only 'bert' test checkpoints are supported, not {model_type_name!r}")
    tokens = list(vocab) if vocab is not None else default_vocab()
    missing = [t for t in SPECIAL_TOKENS if t not in tokens]
    if missing:
        raise ValueError(f"vocab lacks special tokens {missing}")
    dest_dir = Path(dest_dir).resolve()
    hf_dir = dest_dir / HF_SUBDIR
    hf_dir.mkdir(parents=True, exist_ok=True)

    num_classes = len(labels) + extra_outputs
    config = BertConfig(
        vocab_size=len(tokens),
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=intermediate_size,
        max_position_embeddings=max_length,
        initializer_range=initializer_range,
        num_labels=num_classes,
        pad_token_id=tokens.index("[PAD]"),
        problem_type="multi_label_classification",
    )
    config.architectures = ["BertForSequenceClassification"]
    config.save_pretrained(hf_dir)
    (hf_dir / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    (hf_dir / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "BertTokenizer",
                "do_lower_case": True,
                "model_max_length": max_length,
                "unk_token": "[UNK]",
                "sep_token": "[SEP]",
                "pad_token": "[PAD]",
                "cls_token": "[CLS]",
                "mask_token": "[MASK]",
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    (hf_dir / "special_tokens_map.json").write_text(
        json.dumps(
            {
                "unk_token": "[UNK]",
                "sep_token": "[SEP]",
                "pad_token": "[PAD]",
                "cls_token": "[CLS]",
                "mask_token": "[MASK]",
            },
            indent=2,
        ),
        encoding="utf-8",
    )

    # fork_rng keeps the caller's global RNG state untouched while making weights reproducible.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = BertForSequenceClassification(config)
    state_dict = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}

    checkpoint = {
        "config": {
            "arch": {
                "args": {
                    "model_type": str(hf_dir),
                    "model_name": "BertForSequenceClassification",
                    "tokenizer_name": "BertTokenizer",
                    "num_classes": num_classes,
                }
            },
            "dataset": {"args": {"classes": list(labels)}},
        },
        "state_dict": state_dict,
    }
    ckpt_path = dest_dir / CHECKPOINT_NAME
    torch.save(checkpoint, ckpt_path)
    return ckpt_path


def hf_dir_of(checkpoint_path: Path) -> Path:
    """The Hugging Face folder that ``build_checkpoint`` wrote beside this checkpoint."""
    return Path(checkpoint_path).resolve().parent / HF_SUBDIR
