"""Image uploads and renditions. Every image is made here, in memory, with Pillow;
hostile ones are real images with a doctored header."""

import struct
import time
import zlib
from io import BytesIO

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from articles import images
from articles.images import (
    CheckedImageField,
    checked_image,
    make_renditions,
    refresh_renditions,
    rendition_for,
    srcset,
)
from articles.library import Image as LibraryImage
from tests.factories import ArticleFactory, ImageFactory

ALLOWED = "upload a JPEG, PNG or WebP."


def image_bytes(image_format="JPEG", size=(64, 48), mode="RGB", **options) -> bytes:
    """A picture with some detail in it, so encoders have work to do."""
    image = Image.effect_noise(size, 40).convert(mode)
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Artist] = "Staff photographer"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 27.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (30.0, 31.0, 0.0)
    return exif


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        checked_image(upload(name, content))
    return caught.value


def png_claiming(width: int, height: int) -> bytes:
    """A small real PNG whose IHDR says it is width × height."""
    data = bytearray(image_bytes("PNG", size=(8, 8)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_claiming(width: int, height: int) -> bytes:
    data = bytearray(image_bytes("JPEG", size=(8, 8)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_claiming(width: int, height: int) -> bytes:
    """A small real WebP whose VP8X chunk says its canvas is width × height."""
    buffer = BytesIO()
    Image.new("RGBA", (8, 8), (200, 0, 0, 128)).save(buffer, "WEBP")
    data = bytearray(buffer.getvalue())
    assert data[12:16] == b"VP8X"
    data[24:27] = (width - 1).to_bytes(3, "little")
    data[27:30] = (height - 1).to_bytes(3, "little")
    return bytes(data)


class Unreadable(BytesIO):
    def read(self, *args):
        raise AssertionError("the file was read")


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any image's pixels are decoded."""

    def load(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


# Accepted, and re-encoded


@pytest.mark.parametrize(
    ("image_format", "name", "stored_as"),
    [
        ("JPEG", "Kyiv at night.jpg", "kyiv-at-night.jpg"),
        ("JPEG", "kyiv.JPEG", "kyiv.jpg"),
        ("PNG", "map.png", "map.png"),
        ("WEBP", "front line.webp", "front-line.webp"),
    ],
)
def test_a_good_image_is_accepted_and_comes_back_without_its_exif_and_gps(
    image_format, name, stored_as
):
    original = image_bytes(image_format, exif=gps_exif())
    with Image.open(BytesIO(original)) as before:
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    checked = checked_image(upload(name, original))

    assert checked.name == stored_as
    with Image.open(BytesIO(checked.read())) as after:
        assert after.format == image_format
        assert after.size == (64, 48)
        assert not after.getexif()
        assert not after.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in after.info


def test_a_photo_taken_on_its_side_is_turned_upright_before_its_exif_goes():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to view
    original = image_bytes("JPEG", size=(60, 20), exif=exif)

    checked = checked_image(upload("portrait.jpg", original))

    with Image.open(checked) as after:
        assert after.size == (20, 60)
        assert ExifTags.Base.Orientation not in after.getexif()


def test_png_text_chunks_and_icc_profiles_are_dropped():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Someone")
    text.add_text("Comment", "GPS 50.45, 30.52")
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = image_bytes("PNG", pnginfo=text, icc_profile=profile)
    with Image.open(BytesIO(original)) as before:
        assert before.info["Author"] == "Someone"
        assert before.info["icc_profile"]

    with Image.open(checked_image(upload("chart.png", original))) as after:
        assert after.format == "PNG"
        assert not {"Author", "Comment", "icc_profile"} & after.info.keys()


def test_a_jpeg_with_an_icc_profile_is_converted_to_srgb_and_the_profile_dropped():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = image_bytes("JPEG", icc_profile=profile)

    with Image.open(checked_image(upload("p3.jpg", original))) as after:
        assert "icc_profile" not in after.info
        assert after.mode == "RGB"


def test_a_transparent_png_keeps_its_transparency():
    original = image_bytes("PNG", mode="RGBA")

    with Image.open(checked_image(upload("logo.png", original))) as after:
        assert after.mode == "RGBA"


def test_whatever_follows_the_image_data_is_not_kept():
    original = image_bytes("PNG") + b"<script>alert(1)</script>"

    checked = checked_image(upload("polyglot.png", original)).read()

    assert b"<script>" not in checked


def test_a_file_without_a_usable_name_is_still_given_one():
    checked = checked_image(upload("фото.jpg", image_bytes("JPEG")))

    assert checked.name == "image.jpg"


# Refused: not a JPEG, PNG or WebP


@pytest.mark.parametrize(
    ("name", "image_format"),
    [
        ("photo.gif", "GIF"),
        ("photo.jpg", "GIF"),
        ("scan.bmp", "BMP"),
        ("scan.tiff", "TIFF"),
        ("icon.ico", "ICO"),
    ],
)
def test_other_image_formats_are_refused_by_their_content(name, image_format):
    error = refusal(name, image_bytes(image_format, size=(16, 16)))

    assert error.code == "unsupported_format"
    assert error.params == {"name": name, "format": image_format}
    assert error.messages == [f"“{name}” is a {image_format} image; {ALLOWED}"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.jpg", b"Just some text, not a photo.\n"),
        ("page.png", b"<!doctype html><script>alert(document.cookie)</script>"),
        (
            "drawing.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("empty.webp", b""),
        ("riff.webp", b"RIFF\x00\x00\x00\x00WAVEfmt "),
    ],
)
def test_files_that_are_not_images_are_refused_whatever_they_are_called(name, content):
    error = refusal(name, content)

    assert error.code == "not_an_image"
    assert error.messages == [f"“{name}” is not an image; {ALLOWED}"]


@pytest.mark.parametrize(
    ("name", "image_format", "message"),
    [
        ("photo.jpg", "PNG", "“photo.jpg” is a PNG image, but its name does not end in "
         ".png. Rename it and upload it again."),
        ("photo.png", "JPEG", "“photo.png” is a JPEG image, but its name does not end "
         "in .jpg. Rename it and upload it again."),
        ("photo.jpg", "WEBP", "“photo.jpg” is a WebP image, but its name does not end "
         "in .webp. Rename it and upload it again."),
        ("photo", "JPEG", "“photo” is a JPEG image, but its name does not end in .jpg. "
         "Rename it and upload it again."),
    ],
)  # fmt: skip
def test_an_image_whose_name_does_not_match_its_content_is_refused(
    name, image_format, message
):
    error = refusal(name, image_bytes(image_format))

    assert error.code == "extension_mismatch"
    assert error.messages == [message]


# Refused: damaged, animated


def test_a_truncated_jpeg_is_refused():
    whole = image_bytes("JPEG", size=(200, 200))

    error = refusal("cut.jpg", whole[: len(whole) // 2])

    assert error.code == "corrupt"
    assert error.messages == [
        "“cut.jpg” is damaged or incomplete; export it again and upload the new file."
    ]


def test_a_png_with_a_damaged_chunk_is_refused():
    data = bytearray(image_bytes("PNG", size=(50, 50)))
    data[data.index(b"IDAT") + 10] ^= 0xFF

    assert refusal("broken.png", bytes(data)).code == "corrupt"


def test_a_png_cut_off_in_its_header_is_refused():
    assert refusal("stub.png", image_bytes("PNG")[:20]).code == "corrupt"


@pytest.mark.parametrize(
    ("image_format", "name"), [("PNG", "a.png"), ("WEBP", "a.webp")]
)
def test_an_animated_image_is_refused(image_format, name):
    frames = [Image.new("RGB", (16, 16), colour) for colour in ("red", "blue")]
    buffer = BytesIO()
    frames[0].save(buffer, image_format, save_all=True, append_images=frames[1:])

    error = refusal(name, buffer.getvalue())

    assert error.code == "animated"
    assert error.messages == [f"“{name}” is animated; upload a still image."]


# Refused: too big, in pixels or bytes


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", png_claiming(30_000, 30_000),
         "This image is 30000 × 30000 pixels (900 megapixels); the limit is 40 "
         "megapixels."),
        ("bomb.jpg", jpeg_claiming(65_000, 65_000),
         "This image is 65000 × 65000 pixels (4225 megapixels); the limit is 40 "
         "megapixels."),
        ("bomb.webp", webp_claiming(16_000, 16_000),
         "This image is 16000 × 16000 pixels (256 megapixels); the limit is 40 "
         "megapixels."),
        ("big.png", png_claiming(8_000, 6_000),
         "This image is 8000 × 6000 pixels (48 megapixels); the limit is 40 "
         "megapixels."),
    ],
)  # fmt: skip
def test_a_decompression_bomb_is_refused_from_its_header_without_being_decoded(
    no_decoding, name, content, message
):
    started = time.perf_counter()
    error = refusal(name, content)

    assert time.perf_counter() - started < 1
    assert error.code == "too_many_pixels"
    assert error.messages == [message]


def test_a_real_image_just_over_the_pixel_limit_is_refused_and_says_so(
    monkeypatch, no_decoding
):
    monkeypatch.setattr(images, "MAX_PIXELS", 2_000_000)
    buffer = BytesIO()
    Image.new("1", (2000, 1001)).save(buffer, "PNG")

    error = refusal("wide.png", buffer.getvalue())

    assert error.messages == [
        "This image is 2000 × 1001 pixels (2.1 megapixels); the limit is 2 megapixels."
    ]


def test_pillows_own_decompression_bomb_error_becomes_the_same_refusal(monkeypatch):
    # Pillow's WebP parser checks its own limit (twice MAX_IMAGE_PIXELS) as it
    # opens, whatever ours is.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)

    error = refusal("small.webp", image_bytes("WEBP", size=(40, 40)))

    assert error.code == "too_many_pixels"
    assert error.messages == [
        "This image is too large to open safely; the limit is 40 megapixels."
    ]


def test_a_bomb_in_another_format_is_refused_as_too_large_without_decoding(
    no_decoding,
):
    data = bytearray(image_bytes("GIF", size=(8, 8)))
    data[6:10] = struct.pack("<HH", 65_000, 65_000)

    error = refusal("bomb.gif", bytes(data))

    assert error.code == "too_many_pixels"
    assert error.messages == [
        "This image is too large to open safely; the limit is 40 megapixels."
    ]


def test_a_large_image_in_another_format_is_named_not_reported_as_a_bomb():
    # Between Pillow's warning and error limits: the warning is not an error.
    data = bytearray(image_bytes("GIF", size=(8, 8)))
    data[6:10] = struct.pack("<HH", 10_000, 10_000)

    assert refusal("big.gif", bytes(data)).code == "unsupported_format"


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1024)
    big = upload("huge.png", image_bytes("PNG", size=(100, 100)))
    big.file = Unreadable()

    with pytest.raises(ValidationError) as caught:
        checked_image(big)

    assert caught.value.code == "file_too_large"
    assert caught.value.messages[0].startswith("“huge.png” is ")
    assert caught.value.messages[0].endswith("; images can be at most 1.0\xa0KB.")


def test_a_file_whose_declared_size_is_wrong_is_still_held_to_the_byte_limit(
    monkeypatch,
):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1024)
    big = upload("liar.png", image_bytes("PNG", size=(100, 100)))
    big.size = 10

    error = refusal_of(big)

    assert error.code == "file_too_large"
    assert error.params["size"] == "larger than that"


def refusal_of(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        checked_image(file)
    return caught.value


# The form field


def test_the_form_field_returns_the_re_encoded_file():
    field = CheckedImageField()

    cleaned = field.clean(upload("Press Photo.jpg", image_bytes(exif=gps_exif())))

    assert isinstance(cleaned, ContentFile)
    assert cleaned.name == "press-photo.jpg"
    with Image.open(cleaned) as after:
        assert not after.getexif()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("photo.gif", image_bytes("GIF"), "unsupported_format"),
        ("bomb.png", png_claiming(30_000, 30_000), "too_many_pixels"),
        ("notes.jpg", b"text", "not_an_image"),
    ],
)
def test_the_form_field_gives_our_refusal_not_djangos_generic_one(name, content, code):
    with pytest.raises(ValidationError) as caught:
        CheckedImageField().clean(upload(name, content))

    assert caught.value.error_list[0].code == code


def test_the_form_field_keeps_the_current_image_when_nothing_new_is_uploaded():
    field = CheckedImageField(required=False)

    assert field.clean(None, initial="authors/kept.jpg") == "authors/kept.jpg"
    assert field.clean(None) is None
    assert field.clean(False, initial="authors/kept.jpg") is False


def test_the_form_field_asks_the_browser_for_the_three_formats_only():
    attrs = CheckedImageField().widget.attrs

    assert attrs["accept"] == "image/jpeg,image/png,image/webp"


def test_a_model_image_field_can_be_given_the_checked_form_field():
    field = LibraryImage._meta.get_field("file").formfield(form_class=CheckedImageField)

    assert isinstance(field, CheckedImageField)


@pytest.mark.django_db
def test_a_model_form_stores_the_re_encoded_file():
    class LibraryForm(forms.ModelForm):
        class Meta:
            model = LibraryImage
            fields = ["title", "file"]
            field_classes = {"file": CheckedImageField}

    photo = upload("Olena Face.JPG", image_bytes(exif=gps_exif()))
    form = LibraryForm(data={"title": "Olena"}, files={"file": photo})

    assert form.is_valid(), form.errors
    image = form.save()
    assert image.file.name.startswith("images/")
    assert image.file.name.endswith("/olena-face.jpg")
    with image.file.open("rb"), Image.open(image.file) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()


# Renditions


def stored(name: str, content: bytes):
    """A FieldFile for `content` saved in the default storage."""
    return LibraryImage(file=default_storage.save(name, ContentFile(content))).file


def test_renditions_are_webp_at_the_fixed_widths_keeping_the_aspect_ratio():
    source = stored("articles/2026/05/hero.jpg", image_bytes(size=(2000, 1000)))

    renditions = make_renditions(source)

    assert list(renditions) == ["320", "640", "1024", "1600", "social"]
    assert [(r["width"], r["height"]) for r in renditions.values()] == [
        (320, 160),
        (640, 320),
        (1024, 512),
        (1600, 800),
        (1200, 630),  # the social card: cropped to 1.91:1, not squashed
    ]
    for key, rendition in renditions.items():
        assert rendition["name"].startswith("renditions/hero-")
        assert rendition["name"].endswith(f"-{key}.webp")
        with default_storage.open(rendition["name"]) as f, Image.open(f) as image:
            assert image.format == "WEBP"
            assert image.size == (rendition["width"], rendition["height"])


def test_renditions_are_never_wider_than_the_image():
    source = stored("authors/face.png", image_bytes("PNG", size=(700, 700)))

    assert list(make_renditions(source)) == ["320", "640", "social"]


def test_an_image_narrower_than_every_width_still_gets_one_rendition_at_its_size():
    source = stored("authors/tiny.png", image_bytes("PNG", size=(200, 100)))

    renditions = make_renditions(source)

    assert list(renditions) == ["200", "social"]
    assert renditions["200"]["height"] == 100


def test_renditions_of_a_transparent_png_stay_transparent():
    logo = Image.new("LA", (400, 400), (0, 0))
    logo.paste((255, 255), (100, 100, 300, 300))
    buffer = BytesIO()
    logo.save(buffer, "PNG")
    source = stored("authors/logo.png", buffer.getvalue())

    name = make_renditions(source)["320"]["name"]

    with default_storage.open(name) as f, Image.open(f) as image:
        assert image.mode == "RGBA"


def test_renditions_follow_the_exif_orientation_of_an_unchecked_original():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    source = stored("articles/side.jpg", image_bytes(size=(800, 400), exif=exif))

    renditions = make_renditions(source)

    assert list(renditions) == ["320", "social"]
    assert renditions["320"] == {
        "name": renditions["320"]["name"],
        "width": 320,
        "height": 640,
    }
    with default_storage.open(renditions["320"]["name"]) as f, Image.open(f) as im:
        assert im.size == (320, 640)


def test_renditions_are_made_once_and_reused_on_a_second_call(monkeypatch):
    source = stored("articles/hero.webp", image_bytes("WEBP", size=(1200, 600)))
    first = make_renditions(source)

    def save(*args, **kwargs):
        raise AssertionError("a rendition was encoded again")

    monkeypatch.setattr(FileSystemStorage, "save", save)

    assert make_renditions(source) == first


def test_a_different_source_file_gets_its_own_renditions():
    content = image_bytes(size=(700, 350))
    first = make_renditions(stored("articles/a/hero.jpg", content))
    second = make_renditions(stored("articles/b/hero.jpg", content))

    assert first["640"]["name"] != second["640"]["name"]


def test_a_stored_file_that_is_not_an_image_cannot_get_renditions():
    with pytest.raises(ValidationError) as caught:
        make_renditions(stored("articles/fake.jpg", b"<html>"))

    assert caught.value.code == "not_an_image"


RENDITIONS = {
    "320": {"name": "renditions/hero-abc-320.webp", "width": 320, "height": 180},
    "640": {"name": "renditions/hero-abc-640.webp", "width": 640, "height": 360},
    "1024": {"name": "renditions/hero-abc-1024.webp", "width": 1024, "height": 576},
    # The social crop is never a width to choose nor in a srcset.
    "social": {"name": "renditions/hero-abc-social.webp", "width": 1200, "height": 630},
}


@pytest.mark.parametrize(
    ("wanted", "chosen"),
    [(100, 320), (320, 320), (321, 640), (800, 1024), (2000, 1024)],
)
def test_rendition_for_picks_the_smallest_wide_enough_else_the_largest(wanted, chosen):
    rendition = rendition_for(RENDITIONS, wanted)

    assert rendition["width"] == chosen
    assert rendition["url"] == f"/media/renditions/hero-abc-{chosen}.webp"


def test_rendition_for_nothing_is_none():
    assert rendition_for({}, 640) is None


def test_srcset_lists_the_renditions_narrowest_first():
    assert srcset(RENDITIONS) == (
        "/media/renditions/hero-abc-320.webp 320w, "
        "/media/renditions/hero-abc-640.webp 640w, "
        "/media/renditions/hero-abc-1024.webp 1024w"
    )


def test_the_picture_tag_sets_width_height_srcset_and_escapes_the_alt_text():
    template = Template(
        "{% load images %}"
        "{% picture renditions alt=alt sizes='(min-width: 60rem) 640px, 100vw' %}"
    )

    html = template.render(
        Context({"renditions": RENDITIONS, "alt": 'Kyiv "at night" <b>'})
    )

    assert html == (
        '<img src="/media/renditions/hero-abc-640.webp" srcset="'
        + srcset(RENDITIONS)
        + '" sizes="(min-width: 60rem) 640px, 100vw" width="640" height="360" '
        'alt="Kyiv &quot;at night&quot; &lt;b&gt;" loading="lazy" decoding="async">'
    )


def test_the_picture_tag_renders_nothing_without_renditions():
    template = Template("{% load images %}{% picture renditions alt='x' %}")

    assert template.render(Context({"renditions": {}})) == ""


# Keeping renditions in step with the image


@pytest.mark.django_db
def test_refresh_renditions_stores_them_and_clears_them_when_the_file_goes():
    image = ImageFactory(size=(900, 600))

    made = refresh_renditions(image, "file", "renditions")

    assert list(made) == ["320", "640", "social"]
    assert LibraryImage.objects.get().renditions == made
    image.file = ""
    image.save()
    assert refresh_renditions(image, "file", "renditions") == {}
    assert LibraryImage.objects.get().renditions == {}


@pytest.mark.django_db
def test_making_a_heros_renditions_leaves_the_articles_version_and_history_alone():
    article = ArticleFactory(hero=ImageFactory(size=(1600, 900)))
    article.refresh_from_db()
    version, history = article.version, article.history.count()

    refresh_renditions(article.hero, "file", "renditions")

    article.refresh_from_db()
    assert list(article.hero.renditions) == ["320", "640", "1024", "1600", "social"]
    assert (article.version, article.history.count()) == (version, history)


def test_refresh_renditions_refuses_an_unsaved_instance():
    with pytest.raises(ValueError, match="Save the instance"):
        refresh_renditions(LibraryImage(), "file", "renditions")
