"""The main demo: learn Debian's debtags (a real multi-label problem) with MultiLabelHead.

Every Debian or Ubuntu machine has its package index; about 30,000 entries carry a ``Tag:`` field
(``implemented-in::c, role::program, ...``). The tags seen at least 50 times are the head's
``label_vocabulary`` and are fed as string labels; the features are hashed tokens of the package
name, short description, section and dependencies, through an EmbeddingBag and a small MLP. A hash
of the package name puts 20% of the packages in the held-out set.

    python examples/python/debtags.py [--epochs 3] [--output-dir build/debtags] [--data Packages]
    python examples/python/debtags.py --synthetic          # generated data, no index needed
    python examples/python/debtags.py --baseline           # also BCE + scikit-learn, same model
    torchrun --nproc_per_node=2 examples/python/debtags.py # DistributedDataParallel, gloo

Prints the held-out metrics (``key : value``, sorted), writes ``curves.png`` (micro and per-class
ROC and PR curves) and the exported model (``model.pt2``, ``model.pt``) into ``--output-dir``, and
shows the top predicted tags of three held-out packages.
"""

import argparse
import os
import random
import subprocess
import sys
import time
import warnings
import zlib
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F
from tqdm import tqdm

import multilabel_head
from multilabel_head.metrics import AUC

HASH_BUCKETS = 1 << 17
MIN_TAG_COUNT = 50
BATCH = 256


# --- data -------------------------------------------------------------------------------------


def index_files() -> list[str]:
    """The Packages files of this machine's apt index."""
    try:
        listed = subprocess.run(
            ["apt-get", "indextargets", "--format", "$(FILENAME)", "Identifier: Packages"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return [line for line in listed.splitlines() if line and Path(line).exists()]


def read_text(path: str) -> str:
    """A Packages file, decompressed by apt's own helper when it is compressed."""
    if path.endswith(("lz4", "gz", "xz", "bz2", "zst")):
        helper = "/usr/lib/apt/apt-helper"
        return subprocess.run([helper, "cat-file", path], capture_output=True, text=True, check=True).stdout
    return Path(path).read_text(errors="replace")


def stanzas(text: str) -> list[dict[str, str]]:
    """Package entries: fields by name, continuation lines joined."""
    entries = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        name = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and name:
                fields[name] += " " + line.strip()
            elif ":" in line:
                name, _, value = line.partition(":")
                fields[name] = value.strip()
        if "Package" in fields:
            entries.append(fields)
    return entries


def packages_from_index(paths: list[str]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for path in paths:
        for entry in stanzas(read_text(path)):
            if "Tag" in entry:
                seen.setdefault(entry["Package"], entry)
    return list(seen.values())


def synthetic_packages(count: int, seed: int) -> list[dict[str, str]]:
    """Generated packages whose tags follow from their words, for machines without an index."""
    rng = random.Random(seed)
    words = [f"word{i}" for i in range(128)]
    tags = [f"facet{i // 8}::value{i % 8}" for i in range(64)]
    result = []
    for i in range(count):
        chosen = rng.sample(words, 5)  # the first two decide the tags; the rest is noise
        tagged = sorted({tags[int(word[4:]) % 64] for word in chosen[:2]})
        result.append(
            {
                "Package": f"pkg{i}",
                "Description": " ".join(chosen),
                "Section": rng.choice(["libs", "utils", "net"]),
                "Depends": "",
                "Tag": ", ".join(tagged),
            }  # fmt: skip
        )
    return result


def tags_of(entry: dict[str, str]) -> list[str]:
    return [tag.strip() for tag in entry["Tag"].split(",") if tag.strip()]


def tokens_of(entry: dict[str, str]) -> list[int]:
    """Hashed tokens of the text fields (crc32: the same on every run and every rank)."""
    name = entry["Package"]
    words = [f"name:{name}"] + [
        f"part:{part}" for part in name.replace(".", "-").replace("+", "-").split("-")
    ]
    words += [f"word:{word.lower().strip('.,()')}" for word in entry.get("Description", "").split()]
    words.append(f"section:{entry.get('Section', '')}")
    words += [f"dep:{dep.split()[0]}" for dep in entry.get("Depends", "").split(",") if dep.strip()]
    return [zlib.crc32(word.encode()) % HASH_BUCKETS for word in words]


def held_out(name: str) -> bool:
    return zlib.crc32(name.encode()) % 5 == 0


# --- model ------------------------------------------------------------------------------------


class Tagger(torch.nn.Module):
    """Hashed tokens -> EmbeddingBag -> MLP -> logits; ``probabilities`` adds the head."""

    def __init__(self, n_tags: int, head: multilabel_head.MultiLabelHead) -> None:
        super().__init__()
        self.embedding = torch.nn.EmbeddingBag(HASH_BUCKETS, 64, mode="mean")
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, n_tags)
        )
        self.head = head

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return self.mlp(self.embedding(ids, offsets))


class Serving(torch.nn.Module):
    """What is exported: token ids and offsets in, tag probabilities out."""

    def __init__(self, tagger: Tagger) -> None:
        super().__init__()
        self.tagger = tagger

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return self.tagger.head(self.tagger(ids, offsets))


def batch_inputs(entries: list[dict[str, str]]) -> tuple[torch.Tensor, torch.Tensor]:
    token_lists = [tokens_of(entry) for entry in entries]
    offsets = torch.tensor([0] + [len(tokens) for tokens in token_lists[:-1]]).cumsum(0)
    return torch.tensor([t for tokens in token_lists for t in tokens]), offsets


def batches(entries: list, rank: int, world: int, shuffle_seed: int | None = None):
    """This rank's share of the entries, in batches (every rank gets the same number of batches)."""
    order = list(range(len(entries)))
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(order)
    share = order[rank::world]
    count = (len(entries) + world * BATCH - 1) // (world * BATCH)
    for index in range(count):
        chosen = [entries[i] for i in share[index * BATCH : (index + 1) * BATCH]]
        if chosen:
            yield chosen


# --- training and evaluation ----------------------------------------------------------------------


def train(tagger, model, entries, vocabulary, args, rank, world, baseline=False):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    index = {tag: i for i, tag in enumerate(vocabulary)}
    for epoch in range(args.epochs):
        progress = tqdm(list(batches(entries, rank, world, args.seed + epoch)), desc=f"train {epoch + 1}",
                        disable=rank != 0, leave=False)  # fmt: skip
        for chosen in progress:
            labels = [[tag for tag in tags_of(entry) if tag in index] for entry in chosen]
            logits = model(*batch_inputs(chosen))
            if baseline:
                dense = torch.zeros(len(chosen), len(vocabulary))
                for row, tags in enumerate(labels):
                    dense[row, [index[tag] for tag in tags]] = 1.0
                loss = F.binary_cross_entropy_with_logits(logits, dense)
            else:
                loss = tagger.head.loss(labels, logits)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            progress.set_postfix(loss=f"{loss.item():.4f}")


@torch.no_grad()
def evaluate(tagger, entries, vocabulary, rank, world):
    head = tagger.head
    metrics = head.metrics()
    metrics["exact_auc"] = AUC(num_thresholds=None, from_logits=True)
    known = set(vocabulary)
    names = multilabel_head.LabelVocabulary(list(vocabulary))
    outputs = []
    for chosen in tqdm(list(batches(entries, rank, world)), desc="evaluate", disable=rank != 0, leave=False):
        labels = [[tag for tag in tags_of(entry) if tag in known] for entry in chosen]
        logits = tagger(*batch_inputs(chosen))
        head.update_metrics(metrics, None, logits, labels)
        multi_hot = multilabel_head.labels.multi_hot_labels(labels, len(vocabulary), names)
        metrics["exact_auc"].update(multi_hot, logits)
        outputs.append((logits, multi_hot))
    return metrics, outputs


def baseline_comparison(tagger, train_entries, test_entries, vocabulary, args) -> None:
    """The same model trained with F.binary_cross_entropy_with_logits and scored by scikit-learn."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    torch.manual_seed(args.seed)
    baseline = Tagger(len(vocabulary), tagger.head)
    train(baseline, baseline, train_entries, vocabulary, args, 0, 1, baseline=True)
    metrics, outputs = evaluate(baseline, test_entries, vocabulary, 0, 1)
    logits = torch.cat([o[0] for o in outputs])
    labels = torch.cat([o[1] for o in outputs]).float()
    y, scores = labels.numpy().ravel(), logits.numpy().ravel()
    print("baseline (BCE training, scikit-learn scores) vs the head's metrics of the same model:")
    exact = metrics["exact_auc"].result()
    print(f"  micro ROC AUC exact: scikit-learn {roc_auc_score(y, scores):.6f}, head {exact:.6f}")
    print(f"  micro ROC AUC, 200 thresholds (TF): head {metrics['auc'].result():.6f}")
    probabilities = torch.sigmoid(logits).numpy().ravel()
    print(f"  micro PR AUC: scikit-learn average precision {average_precision_score(y, probabilities):.6f}, "
          f"head (TF's interpolation) {metrics['auc_precision_recall'].result():.6f}")  # fmt: skip
    bce = F.binary_cross_entropy_with_logits(logits, labels).item()
    print(f"  mean loss: BCE {bce:.6f}, head average_loss {metrics['average_loss'].result():.6f}")


# --- outputs ------------------------------------------------------------------------------------


def write_curves(metrics, top_tags, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (roc, pr) = plt.subplots(1, 2, figsize=(11, 5))
    for label, key in [("micro", "")] + [(tag, "/" + tag) for tag in top_tags]:
        fpr, tpr, _ = metrics["auc" + key].curve()
        recall, precision, _ = metrics["auc_precision_recall" + key].curve()
        drawn = (recall > 0) | (precision > 0)  # TF's thresholds above every score give (0, 0)
        recall, precision = recall[drawn], precision[drawn]
        width = 2.5 if label == "micro" else 1.0
        roc.plot(fpr, tpr, linewidth=width, label=f"{label} ({metrics['auc' + key].result():.3f})")
        pr.plot(
            recall,
            precision,
            linewidth=width,
            label=f"{label} ({metrics['auc_precision_recall' + key].result():.3f})",
        )
    roc.set(title="ROC (held-out packages)", xlabel="false positive rate", ylabel="true positive rate")
    pr.set(title="Precision-recall", xlabel="recall", ylabel="precision")
    for axes in (roc, pr):
        axes.legend(fontsize=7)
        axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def export(tagger, entries, path: Path) -> None:
    serving = Serving(tagger).eval()
    ids, offsets = batch_inputs(entries[:2])
    batch = torch.export.Dim("batch")
    tokens = torch.export.Dim("tokens")
    exported = torch.export.export(
        serving, (ids, offsets), dynamic_shapes={"ids": {0: tokens}, "offsets": {0: batch}}
    )
    torch.export.save(exported, path / "model.pt2")
    with warnings.catch_warnings():  # TorchScript is deprecated in favour of torch.export
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.jit.script(serving).save(str(path / "model.pt"))


def show_predictions(tagger, entries, vocabulary) -> None:
    with torch.no_grad():
        probabilities = tagger.head(tagger(*batch_inputs(entries)))
    for entry, row in zip(entries, probabilities, strict=True):
        top = row.topk(4)
        shown = ", ".join(
            f"{vocabulary[i]} {p:.2f}" for p, i in zip(top.values.tolist(), top.indices.tolist(), strict=True)
        )
        print(f"{entry['Package']}: {shown}")
        print(f"  true tags: {', '.join(tag for tag in tags_of(entry) if tag in vocabulary)}")


# --- main ---------------------------------------------------------------------------------------


def load(args) -> list[dict[str, str]] | None:
    if args.synthetic:
        return synthetic_packages(args.synthetic_size, args.seed)
    paths = [args.data] if args.data else index_files()
    return packages_from_index(paths) if paths else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--output-dir", type=Path, default=Path("build/debtags"))
    parser.add_argument(
        "--data", help="a Packages file (plain or compressed) instead of this machine's index"
    )
    parser.add_argument("--synthetic", action="store_true", help="generated data instead of a package index")
    parser.add_argument("--synthetic-size", type=int, default=20000)
    parser.add_argument("--limit", type=int, help="use only the first N packages (a quick run)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--baseline", action="store_true", help="also train with BCE and score with scikit-learn"
    )
    args = parser.parse_args()

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if world > 1:
        dist.init_process_group("gloo")
    torch.manual_seed(args.seed)
    started = time.perf_counter()
    entries = load(args)
    if entries is None:
        sys.exit(
            "No package index found: this is not a Debian or Ubuntu machine with an apt index "
            "(`apt-get update` makes one). Pass a Packages file with --data, or run with --synthetic."
        )
    entries = sorted(entries, key=lambda entry: entry["Package"])[: args.limit]
    if not entries:
        sys.exit("The package index has no tagged packages (no Tag: fields); try --synthetic.")
    counts: dict[str, int] = {}
    for entry in entries:
        for tag in tags_of(entry):
            counts[tag] = counts.get(tag, 0) + 1
    vocabulary = sorted(tag for tag, count in counts.items() if count >= MIN_TAG_COUNT)
    top_tags = sorted(vocabulary, key=lambda tag: -counts[tag])[:5]
    train_entries = [entry for entry in entries if not held_out(entry["Package"])]
    test_entries = [entry for entry in entries if held_out(entry["Package"])]
    if rank == 0:
        print(f"{len(entries)} tagged packages, {len(vocabulary)} tags seen at least {MIN_TAG_COUNT} times;")
        print(f"{len(train_entries)} to train on, {len(test_entries)} held out; {world} process(es)")

    head = multilabel_head.MultiLabelHead(
        len(vocabulary),
        label_vocabulary=vocabulary,
        thresholds=[0.5],
        classes_for_class_based_metrics=top_tags,
    )
    tagger = Tagger(len(vocabulary), head)
    model = torch.nn.parallel.DistributedDataParallel(tagger) if world > 1 else tagger
    train(tagger, model, train_entries, vocabulary, args, rank, world)
    metrics, _ = evaluate(tagger, test_entries, vocabulary, rank, world)
    if world > 1:  # every rank's held-out counts, then curves and results are local
        multilabel_head.metrics.gather_to_every_rank(metrics)
        dist.destroy_process_group()
    results = {key: metric.result().item() for key, metric in metrics.items() if key != "exact_auc"}
    if rank == 0:
        for key, value in sorted(results.items()):
            print(f"{key} : {value:.4f}")
        args.output_dir.mkdir(parents=True, exist_ok=True)
        write_curves(metrics, top_tags, args.output_dir / "curves.png")
        export(tagger, test_entries, args.output_dir)
        print(f"curves: {args.output_dir / 'curves.png'}; exported: {args.output_dir / 'model.pt2'}, "
              f"{args.output_dir / 'model.pt'}; {time.perf_counter() - started:.0f} s")  # fmt: skip
        show_predictions(tagger, test_entries[:3], vocabulary)
        if args.baseline:
            baseline_comparison(tagger, train_entries, test_entries, vocabulary, args)


if __name__ == "__main__":
    main()
