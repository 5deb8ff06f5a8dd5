"""XMP sidecars (``photo.xmp`` beside ``photo.jpg``) that other tools read: rating, label,
caption, creator, keywords, credit, location and event.

An existing sidecar (from the card, or written by another program) is parsed and only the
properties Cobertura writes are replaced; everything else in it is kept. A sidecar that is
not valid XML is never overwritten (``XmpError``). Writes are atomic.
"""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from media.atomic import write_atomic
from media.formats import RAW_EXTS, extension

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
}
XPACKET_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
XPACKET_END = '\n<?xpacket end="w"?>\n'
# Characters XML 1.0 cannot hold (emoji and every other printable character can).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class XmpError(Exception):
    """An existing sidecar could not be read; it is left untouched."""


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def sidecar_path(photo: str, sidecars: list[str] | None = None, shared_stem: bool = False) -> str:
    """The photo's ``.xmp`` sidecar: an existing one among ``sidecars``, else ``stem.xmp``.

    When another file of the folder shares the stem (a RAW+JPEG pair) and this photo is not
    the raw one, ``stem.xmp`` belongs to the raw file: this one gets ``name.ext.xmp``.
    """
    for side in sidecars or []:
        if side.lower().endswith(".xmp"):
            return side
    if shared_stem and extension(photo) not in RAW_EXTS:
        return photo + ".xmp"
    return os.path.splitext(photo)[0] + ".xmp"


def _text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return [_text(v).strip() for v in value or [] if str(v).strip()]


def xmp_properties(values: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """Cobertura's edit fields as XMP properties: qualified name -> (kind, value).

    Kinds: ``text``, ``alt`` (a lang alt with x-default), ``seq`` and ``bag``. Only fields
    present in ``values`` appear; an empty value means "remove the property".
    """
    props: dict[str, tuple[str, Any]] = {}
    if values.get("reject") is True:
        props[_q("xmp", "Rating")] = ("text", "-1")
    elif "stars" in values or "reject" in values:
        props[_q("xmp", "Rating")] = ("text", str(int(values.get("stars") or 0)))
    simple = {
        "label": ("text", _q("xmp", "Label")),
        "caption": ("alt", _q("dc", "description")),
        "creator": ("seq", _q("dc", "creator")),
        "keywords": ("bag", _q("dc", "subject")),
        "credit": ("text", _q("photoshop", "Credit")),
        "city": ("text", _q("photoshop", "City")),
        "place": ("text", _q("Iptc4xmpCore", "Location")),
        "event_title": ("alt", _q("Iptc4xmpExt", "Event")),
    }
    for key, (kind, name) in simple.items():
        if key in values:
            value = values[key]
            props[name] = (kind, _as_list(value) if kind in ("seq", "bag") else _text(value or ""))
    return props


def _new_tree() -> ET.Element:
    root = ET.Element(_q("x", "xmpmeta"))
    rdf = ET.SubElement(root, _q("rdf", "RDF"))
    ET.SubElement(rdf, _q("rdf", "Description"), {_q("rdf", "about"): ""})
    return root


def _read_tree(path: str) -> ET.Element:
    """Parse an existing sidecar, registering its own prefixes so they survive the rewrite."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        for _event, (prefix, uri) in ET.iterparse(io.BytesIO(data), events=("start-ns",)):
            if prefix and not re.fullmatch(r"ns\d+", prefix) and prefix != "xml":
                ET.register_namespace(prefix, uri)
        root = ET.fromstring(data)
    except (OSError, ET.ParseError) as exc:
        raise XmpError(f"no se puede leer el XMP existente {path}: {exc}") from exc
    if root.tag == _q("rdf", "RDF"):  # an old sidecar without the x:xmpmeta wrapper
        wrapper = ET.Element(_q("x", "xmpmeta"))
        wrapper.append(root)
        root = wrapper
    if root.find(_q("rdf", "RDF")) is None:
        raise XmpError(f"el XMP existente no tiene rdf:RDF: {path}")
    return root


def _fill(element: ET.Element, kind: str, value: Any) -> None:
    if kind == "text":
        element.text = value
        return
    container = {"alt": "Alt", "seq": "Seq", "bag": "Bag"}[kind]
    holder = ET.SubElement(element, _q("rdf", container))
    for entry in [value] if kind == "alt" else value:
        li = ET.SubElement(holder, _q("rdf", "li"))
        if kind == "alt":
            li.set(_q("xml", "lang"), "x-default")
        li.text = entry


def update_tree(root: ET.Element, props: Mapping[str, tuple[str, Any]]) -> None:
    """Replace ``props`` in every rdf:Description (as elements or attributes), in place."""
    rdf = root.find(_q("rdf", "RDF"))
    assert rdf is not None
    descriptions = rdf.findall(_q("rdf", "Description"))
    if not descriptions:
        descriptions = [ET.SubElement(rdf, _q("rdf", "Description"), {_q("rdf", "about"): ""})]
    for desc in descriptions:
        for name in props:
            desc.attrib.pop(name, None)
            for old in desc.findall(name):
                desc.remove(old)
    target = descriptions[0]
    for name, (kind, value) in props.items():
        if value in ("", []):
            continue
        _fill(ET.SubElement(target, name), kind, value)


def _register_namespaces() -> None:
    for prefix, uri in NS.items():
        if prefix != "xml":
            ET.register_namespace(prefix, uri)


def _packet(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return (XPACKET_BEGIN + body + XPACKET_END).encode("utf-8")


def xmp_packet(props: Mapping[str, tuple[str, Any]]) -> bytes:
    """A new XMP packet (UTF-8, with its xpacket wrapper) holding ``props``, as built by
    :func:`xmp_properties`; what exports embed in a JPEG's APP1 segment."""
    _register_namespaces()
    root = _new_tree()
    update_tree(root, props)
    return _packet(root)


def write_sidecar(path: str, values: Mapping[str, Any]) -> None:
    """Write (or update) the sidecar at ``path`` with the fields in ``values``."""
    _register_namespaces()
    root = _read_tree(path) if os.path.exists(path) else _new_tree()
    update_tree(root, xmp_properties(values))
    write_atomic(path, _packet(root))
