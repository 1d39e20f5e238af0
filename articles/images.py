"""Uploaded images: checked, re-encoded without metadata, and cut into WebP
renditions that templates show with their width and height.

An upload is trusted only after Pillow has decoded it in full, and it is
decoded only after its header has shown it to be a JPEG, PNG or WebP of at most
MAX_PIXELS pixels. Animated images are refused rather than flattened: the first
frame of an animation is often not the picture the editor meant.
"""

import hashlib
import struct
import warnings
from io import BytesIO
from operator import itemgetter
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from PIL import (
    ExifTags,
    Image,
    ImageCms,
    ImageFile,
    ImageOps,
    JpegImagePlugin,
    PngImagePlugin,
    WebPImagePlugin,
)

from articles.versions import SITE

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Cards 320 and 640; the article 640, 1024 and 1600; social cards a crop.
RENDITION_WIDTHS = (320, 640, 1024, 1600)
SOCIAL_SIZE = (1200, 630)
SOCIAL_KEY = "social"
RENDITIONS_DIR = "renditions"
WEBP_QUALITY = 82

# Pillow's format name -> (the name editors know, file extensions, the one we give).
FORMATS = {
    "JPEG": ("JPEG", (".jpg", ".jpeg"), ".jpg"),
    "PNG": ("PNG", (".png",), ".png"),
    "WEBP": ("WebP", (".webp",), ".webp"),
}
# The plugins are used directly, not through Image.open(): only these three
# parsers ever see an upload, and Image.open()'s own size check, which would
# refuse a huge image before we could say how big it is, does not run first.
_PLUGINS = {
    "JPEG": JpegImagePlugin.JpegImageFile,
    "PNG": PngImagePlugin.PngImageFile,
    "WEBP": WebPImagePlugin.WebPImageFile,
}
# What Pillow raises on a malformed file (Image.open catches the same kinds).
_BROKEN = (SyntaxError, OSError, ValueError, IndexError, TypeError, struct.error)
_PNG_MODES = {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"}
_ALLOWED = "upload a JPEG, PNG or WebP"


def checked_image(upload: File) -> ContentFile:
    """The upload re-encoded without metadata, or a ValidationError saying why
    it was refused."""
    name = PurePath(upload.name or "image").name
    data = _read_capped(upload, name)
    image_format = _sniff(data)
    if image_format is None:
        raise _unsupported(data, name)
    label, extensions, extension = FORMATS[image_format]
    if PurePath(name).suffix.lower() not in extensions:
        raise ValidationError(
            "“%(name)s” is a %(format)s image, but its name does not end in "
            "%(extension)s. Rename it and upload it again.",
            code="extension_mismatch",
            params={"name": name, "format": label, "extension": extension},
        )
    image = _open(data, image_format, name)
    if getattr(image, "is_animated", False):
        raise ValidationError(
            "“%(name)s” is animated; upload a still image.",
            code="animated",
            params={"name": name},
        )
    try:
        image.verify()
        # verify() leaves the image unusable, so it is opened again to decode.
        image = _open(data, image_format, name)
        image.load()
    except _BROKEN as exc:
        raise _corrupt(name) from exc
    stem = slugify(PurePath(name).stem)[:80] or "image"
    return ContentFile(_reencode(image, image_format), name=stem + extension)


class CheckedImageField(forms.ImageField):
    """An ImageField whose cleaned value is checked_image()'s re-encoded file.

    Django's ImageField would open the upload with every Pillow plugin and
    without our pixel limit, so to_python() is replaced, not extended.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return checked_image(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs


def make_renditions(field_file: FieldFile) -> dict[str, dict]:
    """WebP copies of a stored image at RENDITION_WIDTHS (never wider than the
    image; at least one), and a SOCIAL_SIZE crop under SOCIAL_KEY, as a dict
    to keep in a *renditions field.

    Files already made for this source name are reused, so calling it again
    costs a header read, not an encode.
    """
    source = field_file.name
    with field_file.open("rb"):
        data = _read_capped(field_file, source)
    image_format = _sniff(data)
    if image_format is None:
        raise _unsupported(data, source)
    image = _open(data, image_format, source)
    width, height = _oriented_size(image)
    key = hashlib.sha256(source.encode()).hexdigest()[:12]
    stem = slugify(PurePath(source).stem)[:60] or "image"
    widths = [w for w in RENDITION_WIDTHS if w <= width] or [width]
    renditions = {
        str(w): {
            "name": f"{RENDITIONS_DIR}/{stem}-{key}-{w}.webp",
            "width": w,
            "height": max(1, round(height * w / width)),
        }
        for w in widths
    }
    renditions[SOCIAL_KEY] = {
        "name": f"{RENDITIONS_DIR}/{stem}-{key}-{SOCIAL_KEY}.webp",
        "width": SOCIAL_SIZE[0],
        "height": SOCIAL_SIZE[1],
        "crop": True,
    }
    missing = [r for r in renditions.values() if not default_storage.exists(r["name"])]
    if missing:
        try:
            image.load()
        except _BROKEN as exc:
            raise _corrupt(source) from exc
        upright = _for_web(ImageOps.exif_transpose(image))
        for rendition in missing:
            size = (rendition["width"], rendition["height"])
            if rendition.pop("crop", False):
                resized = ImageOps.fit(upright, size, Image.Resampling.LANCZOS)
            else:
                resized = upright.resize(
                    size, Image.Resampling.LANCZOS, reducing_gap=3.0
                )
            buffer = BytesIO()
            resized.save(buffer, "WEBP", quality=WEBP_QUALITY)
            rendition["name"] = default_storage.save(
                rendition["name"], ContentFile(buffer.getvalue())
            )
    for rendition in renditions.values():
        rendition.pop("crop", None)
    return renditions


def image_size(field_file: FieldFile) -> tuple[int, int]:
    """A stored image's width and height as shown (EXIF orientation applied),
    read from its header."""
    with field_file.open("rb"):
        data = _read_capped(field_file, field_file.name)
    image_format = _sniff(data)
    if image_format is None:
        raise _unsupported(data, field_file.name)
    return _oriented_size(_open(data, image_format, field_file.name))


def refresh_renditions(
    instance: models.Model, field_name: str, renditions_field: str
) -> dict[str, dict]:
    """Make the renditions of a saved instance's image, or clear them if the
    image was removed, and store them.

    Call it after saving, when the image changed: the file must be in storage.
    The field is written with a queryset update, so an article's version,
    history and modified time are left alone.
    """
    if instance.pk is None:
        raise ValueError("Save the instance before making its renditions.")
    field_file = getattr(instance, field_name)
    renditions = make_renditions(field_file) if field_file else {}
    setattr(instance, renditions_field, renditions)
    type(instance)._default_manager.filter(pk=instance.pk).update(
        **{renditions_field: renditions}
    )
    SITE.bump()  # the update skips save(), which would have bumped it
    return renditions


def rendition_for(renditions: dict[str, dict], width: int) -> dict | None:
    """The smallest rendition at least `width` wide (else the largest), with
    its url."""
    ordered = _widths(renditions)
    if not ordered:
        return None
    chosen = next((r for r in ordered if r["width"] >= width), ordered[-1])
    return {**chosen, "url": default_storage.url(chosen["name"])}


def srcset(renditions: dict[str, dict]) -> str:
    """The renditions as an <img srcset> value, narrowest first."""
    ordered = _widths(renditions)
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in ordered)


def _widths(renditions: dict[str, dict]) -> list[dict]:
    """The resized renditions (not the social crop), narrowest first."""
    return sorted(
        (r for key, r in (renditions or {}).items() if key.isdigit()),
        key=itemgetter("width"),
    )


def _read_capped(upload: File, name: str) -> bytes:
    # The declared size refuses most big files without reading them; the
    # capped read catches a size that was not known or not true.
    size = getattr(upload, "size", None)
    if size is None or size <= MAX_UPLOAD_BYTES:
        upload.seek(0)
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) <= MAX_UPLOAD_BYTES:
            return data
        size = None
    raise ValidationError(
        "“%(name)s” is %(size)s; images can be at most %(limit)s.",
        code="file_too_large",
        params={
            "name": name,
            "size": filesizeformat(size) if size else "larger than that",
            "limit": filesizeformat(MAX_UPLOAD_BYTES),
        },
    )


def _sniff(data: bytes) -> str | None:
    """JPEG, PNG or WEBP by the file's signature, else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _open(data: bytes, image_format: str, name: str) -> ImageFile.ImageFile:
    """Parse the header (no pixels are decoded) and refuse a size over
    MAX_PIXELS."""
    if image_format == "WEBP" and (size := _webp_canvas_size(data)):
        # Pillow's WebP parser allocates the whole canvas as it opens.
        _check_pixels(size)
    try:
        image = _PLUGINS[image_format](BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(None) from exc
    except _BROKEN as exc:
        raise _corrupt(name) from exc
    _check_pixels(image.size)
    return image


def _webp_canvas_size(data: bytes) -> tuple[int, int] | None:
    """The canvas size a WebP header declares (see the WebP container spec)."""
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        return width, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _check_pixels(size: tuple[int, int]) -> None:
    if size[0] * size[1] > MAX_PIXELS:
        raise _too_many_pixels(size)


def _too_many_pixels(size: tuple[int, int] | None) -> ValidationError:
    limit = _megapixels(MAX_PIXELS)
    if size is None:
        return ValidationError(
            "This image is too large to open safely; the limit is %(limit)s "
            "megapixels.",
            code="too_many_pixels",
            params={"limit": limit},
        )
    width, height = size
    return ValidationError(
        "This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
        "the limit is %(limit)s megapixels.",
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "megapixels": _megapixels(width * height),
            "limit": limit,
        },
    )


def _megapixels(pixels: int) -> str:
    # Rounded up to a tenth, so an image just over the limit never reads as on it.
    tenths = -(-pixels // 100_000)
    return f"{tenths / 10:.1f}".removesuffix(".0")


def _corrupt(name: str) -> ValidationError:
    return ValidationError(
        "“%(name)s” is damaged or incomplete; export it again and upload the new file.",
        code="corrupt",
        params={"name": name},
    )


def _unsupported(data: bytes, name: str) -> ValidationError:
    """The refusal for a file that is not a JPEG, PNG or WebP, naming its
    format when Pillow knows it."""
    image_format = None
    # Only the header is read, to name the format; nothing is decoded.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data)) as image:
                image_format = image.format
        except Image.DecompressionBombError:
            return _too_many_pixels(None)
        except _BROKEN:
            pass
    if image_format:
        return ValidationError(
            "“%(name)s” is a %(format)s image; " + _ALLOWED + ".",
            code="unsupported_format",
            params={"name": name, "format": image_format},
        )
    return ValidationError(
        "“%(name)s” is not an image; " + _ALLOWED + ".",
        code="not_an_image",
        params={"name": name},
    )


def _reencode(image: Image.Image, image_format: str) -> bytes:
    """The image, upright, in sRGB, saved afresh with no metadata at all."""
    image = ImageOps.exif_transpose(image)
    if image_format == "PNG":
        transparency = image.info.get("transparency")
        image = _to_srgb(image)
        if image.mode not in _PNG_MODES:
            image = image.convert("RGBA")
        image.info = {} if transparency is None else {"transparency": transparency}
        options = {}
    elif image_format == "JPEG":
        image = _to_srgb(image)
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.info = {}
        options = {"quality": 90, "optimize": True}
    else:
        image = _for_web(image)
        image.info = {}
        options = {"quality": 90}
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def _for_web(image: Image.Image) -> Image.Image:
    """RGB, or RGBA if the image has transparency, in sRGB."""
    wanted = "RGBA" if "A" in image.mode or "transparency" in image.info else "RGB"
    if image.mode not in (wanted, "CMYK"):
        image = image.convert(wanted)
    image = _to_srgb(image)
    return image if image.mode == wanted else image.convert(wanted)


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from the embedded ICC profile to sRGB, so dropping
    the profile does not shift them (a phone's Display P3, a print CMYK)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(BytesIO(icc)),
            _SRGB,
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, *_BROKEN):
        # A profile littlecms cannot read: keep the numbers as they are.
        return image


def _oriented_size(image: Image.Image) -> tuple[int, int]:
    """The size once EXIF orientation is applied (5 to 8 turn it a quarter)."""
    width, height = image.size
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)
