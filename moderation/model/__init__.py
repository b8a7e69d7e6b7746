"""The house model: all-MiniLM-L6-v2 fine-tuned on public data, shipped as a small LoRA adapter.

``base`` finds and verifies the pretrained weights, ``labels`` maps every corpus onto the house
labels, ``corpora`` reads, deduplicates and splits them, ``train`` fine-tunes, ``artifact``
saves the adapter and loads it back through Detoxify's code, ``combiner`` turns model scores
and rule evidence into calibrated per-category probabilities.
"""
