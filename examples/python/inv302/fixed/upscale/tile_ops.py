"""Tile operations shared by both upscale modes (after Task 4.3)."""

from ..utils.logging import log


def crop_cond(conditioning, region, tile_size, image_size):
    """Crop area-conditioning to one tile."""
    x1, y1, x2, y2 = region
    width, height = image_size
    cropped = []
    for tensor, extras in conditioning:
        extras = dict(extras)
        extras["area"] = (y2 - y1, x2 - x1, y1, x1)
        extras["tile_size"] = tile_size
        extras["image_size"] = (width, height)
        cropped.append([tensor, extras])
    return cropped


def slice_conditioning(positive, negative, batch_idx):
    """Return conditioning sliced to a single batch index."""
    pos_sliced = [[t[:, batch_idx:batch_idx + 1, ...] for t in cond_pair] for cond_pair in positive]  # noqa: E501
    neg_sliced = [[t[:, batch_idx:batch_idx + 1, ...] for t in cond_pair] for cond_pair in negative]  # noqa: E501
    return pos_sliced, neg_sliced


def tile_conditioning(positive, negative, batch_idx, region, tile_size, image_size):
    """Conditioning for one tile of one image of the batch."""
    pos_sliced, neg_sliced = slice_conditioning(positive, negative, batch_idx)
    pos_tile = crop_cond(pos_sliced, region, tile_size, image_size)
    neg_tile = crop_cond(neg_sliced, region, tile_size, image_size)
    return pos_tile, neg_tile


def process_tile_batch(sampler, batch, tile_regions, positive, negative, tile_size, job):
    """Static mode: sample every assigned tile of every image in the batch."""
    results = []
    for batch_idx, image in enumerate(batch):
        image_size = (image.width, image.height)
        for tile_idx in job.assigned_tiles:
            region = tile_regions[tile_idx]
            pos_tile, neg_tile = tile_conditioning(
                positive, negative, batch_idx, region, tile_size, image_size)
            sample = sampler.sample(image.crop(region), pos_tile, neg_tile, seed=job.seed)
            results.append({"image": batch_idx, "tile": tile_idx, "sample": sample})
        job.report_progress(batch_idx + 1, len(batch))
    log(f"[USDU] Static job {job.multi_job_id}: {len(results)} tiles sampled")
    return results
