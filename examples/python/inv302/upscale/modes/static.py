"""Static mode: the master assigns tiles to workers up front."""


def _tile_regions(image_width, image_height, size, overlap):  # expect: INV301
    found = []
    for top in range(0, image_height, size):
        for left in range(0, image_width, size):
            right = min(image_width, left + size + overlap)
            bottom = min(image_height, top + size + overlap)
            found.append((max(0, left - overlap), max(0, top - overlap), right, bottom))
    return found


def assign_tiles(workers, image_size, tile_size, padding):
    regions = _tile_regions(image_size[0], image_size[1], tile_size, padding)
    assignment = {worker["id"]: [] for worker in workers}
    for index, _region in enumerate(regions):
        worker = workers[index % len(workers)]
        assignment[worker["id"]].append(index)
    return assignment
