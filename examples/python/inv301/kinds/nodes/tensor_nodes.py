"""Node classes: each declares its widgets; two of them copy each other's logic."""

from .paths import hash_path, validate_path


class ScaleImages:
    @classmethod
    def INPUT_TYPES(cls):
        # Declarations, not logic: a table of widgets per node is never a copy.
        return {
            "required": {
                "images": ("IMAGE",),
                "factor": ("FLOAT", {"default": 1.0, "min": 0.0}),
            },
        }

    @classmethod
    def IS_CHANGED(cls, path, **kwargs):
        return hash_path(path)  # one call forwarding its arguments: not a copy

    def scale(self, images, factor):
        return (images * factor,)


class ScaleMasks:
    @classmethod
    def INPUT_TYPES(cls):
        return {
            "required": {
                "mask": ("MASK",),
                "factor": ("FLOAT", {"default": 1.0, "min": 0.0}),
            },
        }

    @classmethod
    def IS_CHANGED(cls, path, **kwargs):
        return hash_path(path)

    def scale(self, mask, factor):
        return (mask.clamp(0.0, 1.0) * factor,)


class CropImages:  # expect: INV301
    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"images": ("IMAGE",), "border": ("INT", {"default": 0})}}

    def crop(self, images, border):
        if border <= 0:
            return (images, images.size(0))
        height, width = images.shape[1], images.shape[2]
        if 2 * border >= min(height, width):
            raise ValueError(f"border {border} leaves nothing of {width}x{height}")
        cropped = images[:, border:height - border, border:width - border]
        return (cropped, cropped.size(0))

    @classmethod
    def VALIDATE_INPUTS(cls, images_path):
        if not validate_path(images_path):
            return f"not a readable file: {images_path}"
        return True


class CropMasks:  # expect: INV301
    """The same node for masks: its methods are copies of CropImages' (one finding per
    class, naming the copied methods, not one per method)."""

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"mask": ("MASK",), "border": ("INT", {"default": 0})}}

    def crop(self, mask, border):
        if border <= 0:
            return (mask, mask.size(0))
        height, width = mask.shape[1], mask.shape[2]
        if 2 * border >= min(height, width):
            raise ValueError(f"border {border} leaves nothing of {width}x{height}")
        cropped = mask[:, border:height - border, border:width - border]
        return (cropped, cropped.size(0))

    @classmethod
    def VALIDATE_INPUTS(cls, mask_path):
        if not validate_path(mask_path):
            return f"not a readable file: {mask_path}"
        return True
