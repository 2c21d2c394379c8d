"""Tiny, randomly initialised transformers built on the spot, so the training tests need no download."""

from __future__ import annotations

from pathlib import Path

SPECIALS = ["<pad>", "<eos>", "<bos>", "<unk>"]


def char_tokenizer(texts: list[str], folder: Path):
    """A character-level fast tokenizer over every character of ``texts`` (plus ASCII letters and digits)."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    chars = sorted(set("".join(texts)) | set("abcdefghijklmnopqrstuvwxyz0123456789[]=:_ \n"))
    vocab = {tok: i for i, tok in enumerate(SPECIALS + chars)}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    core.decoder = decoders.Fuse()  # characters back to text without spaces
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="<pad>", eos_token="<eos>", bos_token="<bos>", unk_token="<unk>"
    )
    tokenizer.save_pretrained(folder)
    return tokenizer


def tiny_gemma(folder: Path, texts: list[str], seed: int = 0) -> Path:
    """A 2-layer Gemma 3 text model (hidden 32) with a character tokenizer, saved to ``folder``."""
    import torch
    from transformers import AutoModelForCausalLM, Gemma3TextConfig

    tokenizer = char_tokenizer(texts, folder)
    config = Gemma3TextConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=16,
        max_position_embeddings=512,
        sliding_window=64,
        layer_types=["sliding_attention", "full_attention"],
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=tokenizer.bos_token_id,
        # large enough embeddings that the tied output layer can reach confident logits through the final norm
        # while LoRA trains (at the usual 0.02 a 32-wide model stays near uniform)
        initializer_range=0.3,
    )
    torch.manual_seed(seed)
    AutoModelForCausalLM.from_config(config).save_pretrained(folder)
    return folder
