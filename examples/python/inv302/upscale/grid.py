"""Tile grid helpers.  static.py has a copy of calculate_tile_regions: INV301 reports the
whole functions, so INV302 does not also report the runs of statements inside them."""


def calculate_tile_regions(width, height, tile_size, padding):  # expect: INV301
    regions = []
    for top in range(0, height, tile_size):
        for left in range(0, width, tile_size):
            right = min(width, left + tile_size + padding)
            bottom = min(height, top + tile_size + padding)
            regions.append((max(0, left - padding), max(0, top - padding), right, bottom))
    return regions
